//! Picture stage, layout: places the nodes of a weighted graph in the plane
//! by stress majorization, pushes overlapping nodes apart, and places one
//! label beside each node where it overlaps no other label and no node.
//! Input: node count, weighted edges, node radii, label sizes; output:
//! positions and label boxes. Deterministic: no randomness, no hashing, the
//! same input gives the same output bit for bit.
//!
//! Stress majorization (Gansner, Koren and North, "Graph drawing by stress
//! majorization", Graph Drawing 2004) looks for positions whose distances
//! match the graph's: it minimises the stress
//! `Σ_{i<j} w_ij (‖x_i − x_j‖ − d_ij)²`, where `d_ij` is the length of the
//! shortest path between `i` and `j` (an edge is shorter the more passages
//! it stands for) and `w_ij = d_ij⁻²`. Each round moves every node to the
//! weighted mean of where each other node would have it
//! (`x_j + d_ij (x_i − x_j) / ‖x_i − x_j‖`), from the positions of the
//! round before (the "localized" update of the paper, in Jacobi order, so
//! that the result does not depend on the order nodes are visited in). The
//! rounds start from a golden-angle spiral (node 0 in the middle) and stop
//! when the stress falls by less than [`TOLERANCE`] of itself, or after
//! [`MAX_ROUNDS`]. Nodes of different components are kept one step beyond
//! the longest path apart.
//!
//! Labels are placed greedily, the most important node first (the order
//! given): at growing distances from the node, eight places around it are
//! tried (beside it on either side, above, below, and the corners), and the
//! first whose box meets no node and no label placed before is taken.
//! Beyond the first ring the picture draws a line from the node to its
//! label. When every ring is full the label goes below everything drawn,
//! so that a place is always found.

/// A point in the plane (picture units, y downwards).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal coordinate.
    pub x: f64,
    /// Vertical coordinate, growing downwards.
    pub y: f64,
}

/// An axis-aligned box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Smallest x.
    pub x0: f64,
    /// Smallest y.
    pub y0: f64,
    /// Largest x.
    pub x1: f64,
    /// Largest y.
    pub y1: f64,
}

impl Rect {
    /// The box of `width` × `height` centred on `centre`.
    pub fn around(centre: Point, width: f64, height: f64) -> Rect {
        Rect {
            x0: centre.x - width / 2.0,
            y0: centre.y - height / 2.0,
            x1: centre.x + width / 2.0,
            y1: centre.y + height / 2.0,
        }
    }

    /// Its centre.
    pub fn centre(&self) -> Point {
        Point {
            x: (self.x0 + self.x1) / 2.0,
            y: (self.y0 + self.y1) / 2.0,
        }
    }

    /// Whether it shares any area with `other`.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether it shares any area with the disc of `radius` around `centre`.
    pub fn meets_disc(&self, centre: Point, radius: f64) -> bool {
        let nearest_x = centre.x.clamp(self.x0, self.x1);
        let nearest_y = centre.y.clamp(self.y0, self.y1);
        let (dx, dy) = (centre.x - nearest_x, centre.y - nearest_y);
        dx * dx + dy * dy < radius * radius
    }

    /// The smallest box holding both.
    pub fn union(&self, other: &Rect) -> Rect {
        Rect {
            x0: self.x0.min(other.x0),
            y0: self.y0.min(other.y0),
            x1: self.x1.max(other.x1),
            y1: self.y1.max(other.y1),
        }
    }
}

/// Stress below which a round counts as no progress, as a share of the stress.
pub const TOLERANCE: f64 = 1e-5;

/// Rounds of stress majorization at most.
pub const MAX_ROUNDS: usize = 400;

/// Positions of `n` nodes joined by `edges` (`(a, b, length)`, length > 0),
/// by stress majorization, in units of edge length.
pub fn stress(n: usize, edges: &[(usize, usize, f64)]) -> Vec<Point> {
    if n == 0 {
        return Vec::new();
    }
    let distance = shortest_paths(n, edges);
    let mut positions = spiral(n);
    let mut last = stress_of(&positions, &distance);
    for _ in 0..MAX_ROUNDS {
        positions = majorize(&positions, &distance);
        let now = stress_of(&positions, &distance);
        if last - now <= TOLERANCE * last {
            break;
        }
        last = now;
    }
    positions
}

/// All-pairs shortest paths (Floyd–Warshall), with pairs in different
/// components one step beyond the longest path apart.
fn shortest_paths(n: usize, edges: &[(usize, usize, f64)]) -> Vec<Vec<f64>> {
    let mut d = vec![vec![f64::INFINITY; n]; n];
    for (i, row) in d.iter_mut().enumerate() {
        row[i] = 0.0;
    }
    for &(a, b, length) in edges {
        d[a][b] = d[a][b].min(length);
        d[b][a] = d[b][a].min(length);
    }
    for k in 0..n {
        let via = d[k].clone();
        for row in d.iter_mut() {
            let through = row[k];
            if through.is_infinite() {
                continue;
            }
            for (to, &rest) in row.iter_mut().zip(&via) {
                *to = to.min(through + rest);
            }
        }
    }
    let longest = d
        .iter()
        .flatten()
        .copied()
        .filter(|x| x.is_finite())
        .fold(1.0, f64::max);
    for value in d.iter_mut().flatten() {
        if value.is_infinite() {
            *value = longest + 1.0;
        }
    }
    d
}

/// Node `i` at radius √i on the golden-angle spiral: spread out, and
/// without the symmetries of a circle that could hold the layout still.
fn spiral(n: usize) -> Vec<Point> {
    let golden = std::f64::consts::PI * (3.0 - 5f64.sqrt());
    (0..n)
        .map(|i| {
            let (radius, angle) = ((i as f64).sqrt(), i as f64 * golden);
            Point {
                x: radius * angle.cos(),
                y: radius * angle.sin(),
            }
        })
        .collect()
}

/// One round of the localized stress majorization, in Jacobi order.
fn majorize(positions: &[Point], distance: &[Vec<f64>]) -> Vec<Point> {
    let n = positions.len();
    (0..n)
        .map(|i| {
            let (mut sx, mut sy, mut sw) = (0.0, 0.0, 0.0);
            for j in (0..n).filter(|&j| j != i) {
                let d = distance[i][j];
                let w = 1.0 / (d * d);
                let (dx, dy) = (positions[i].x - positions[j].x, positions[i].y - positions[j].y);
                let length = (dx * dx + dy * dy).sqrt();
                // Two nodes on one spot part along a direction of their own.
                let (ux, uy) = if length > 1e-9 {
                    (dx / length, dy / length)
                } else {
                    let angle = (i * n + j) as f64;
                    (angle.cos(), angle.sin())
                };
                sx += w * (positions[j].x + d * ux);
                sy += w * (positions[j].y + d * uy);
                sw += w;
            }
            if sw == 0.0 {
                positions[i]
            } else {
                Point { x: sx / sw, y: sy / sw }
            }
        })
        .collect()
}

/// The stress of `positions` against the graph distances.
fn stress_of(positions: &[Point], distance: &[Vec<f64>]) -> f64 {
    let mut total = 0.0;
    for i in 0..positions.len() {
        for j in i + 1..positions.len() {
            let d = distance[i][j];
            let (dx, dy) = (positions[i].x - positions[j].x, positions[i].y - positions[j].y);
            let gap = (dx * dx + dy * dy).sqrt() - d;
            total += gap * gap / (d * d);
        }
    }
    total
}

/// Moves nodes (discs of `radii` around `positions`) apart until no two
/// are closer than `gap` between their edges, pair by pair in index order,
/// for a bounded number of sweeps.
pub fn separate(positions: &mut [Point], radii: &[f64], gap: f64) {
    for _ in 0..200 {
        let mut moved = false;
        for i in 0..positions.len() {
            for j in i + 1..positions.len() {
                let wanted = radii[i] + radii[j] + gap;
                let (dx, dy) = (positions[j].x - positions[i].x, positions[j].y - positions[i].y);
                let length = (dx * dx + dy * dy).sqrt();
                if length >= wanted {
                    continue;
                }
                let (ux, uy) = if length > 1e-9 {
                    (dx / length, dy / length)
                } else {
                    (1.0, 0.0)
                };
                let push = (wanted - length) / 2.0 + 1e-6;
                positions[i].x -= ux * push;
                positions[i].y -= uy * push;
                positions[j].x += ux * push;
                positions[j].y += uy * push;
                moved = true;
            }
        }
        if !moved {
            return;
        }
    }
}

/// Where a label went: its box, and whether it is far enough from its node
/// to need a line to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedLabel {
    /// The label's box.
    pub rect: Rect,
    /// The label is away from its node: draw a line between them.
    pub leader: bool,
}

/// Rings of places tried around a node before a label goes below everything.
const RINGS: usize = 24;

/// Places the labels of nodes (discs of `radii` around `positions`), each
/// `sizes[i]` (width, height), in `order`, where none overlaps another label
/// or any node, `gap` away from its node at least.
pub fn place_labels(
    positions: &[Point],
    radii: &[f64],
    sizes: &[(f64, f64)],
    order: &[usize],
    gap: f64,
) -> Vec<PlacedLabel> {
    let mut placed: Vec<Option<PlacedLabel>> = vec![None; positions.len()];
    let mut taken: Vec<Rect> = Vec::new();
    let free = |rect: &Rect, taken: &[Rect]| {
        !taken.iter().any(|t| t.overlaps(rect))
            && !positions
                .iter()
                .zip(radii)
                .any(|(&c, &r)| rect.meets_disc(c, r + gap / 2.0))
    };
    for &i in order {
        let (w, h) = sizes[i];
        let found = (0..RINGS).find_map(|ring| {
            let reach = radii[i] + gap + ring as f64 * h / 2.0;
            candidates(positions[i], reach, w, h)
                .into_iter()
                .find(|rect| free(rect, &taken))
                .map(|rect| PlacedLabel { rect, leader: ring > 1 })
        });
        let label = found.unwrap_or_else(|| {
            let bottom = taken
                .iter()
                .map(|r| r.y1)
                .chain(positions.iter().zip(radii).map(|(p, r)| p.y + r))
                .fold(f64::MIN, f64::max);
            let centre = Point {
                x: positions[i].x,
                y: bottom + gap + h / 2.0,
            };
            PlacedLabel {
                rect: Rect::around(centre, w, h),
                leader: true,
            }
        });
        taken.push(label.rect);
        placed[i] = Some(label);
    }
    placed
        .into_iter()
        .map(|p| p.expect("every node is in the order"))
        .collect()
}

/// The eight boxes of `w` × `h` at `reach` from `centre`: beside it on
/// either side, below, above, then the four corners.
fn candidates(centre: Point, reach: f64, w: f64, h: f64) -> [Rect; 8] {
    let at = |dx: f64, dy: f64| {
        Rect::around(
            Point {
                x: centre.x + dx,
                y: centre.y + dy,
            },
            w,
            h,
        )
    };
    let (side, up) = (reach + w / 2.0, reach + h / 2.0);
    let corner = reach * std::f64::consts::FRAC_1_SQRT_2;
    [
        at(-side, 0.0),
        at(side, 0.0),
        at(0.0, up),
        at(0.0, -up),
        at(-corner - w / 2.0, corner + h / 2.0),
        at(corner + w / 2.0, corner + h / 2.0),
        at(-corner - w / 2.0, -corner - h / 2.0),
        at(corner + w / 2.0, -corner - h / 2.0),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator for test graphs.
    fn graph(n: usize, seed: u64) -> Vec<(usize, usize, f64)> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut edges = Vec::new();
        for a in 0..n {
            for _ in 0..3 {
                let b = next() % n;
                if a != b {
                    edges.push((a, b, 1.0 + (next() % 4) as f64 / 2.0));
                }
            }
        }
        edges
    }

    #[test]
    fn a_path_is_laid_out_with_its_lengths() {
        let positions = stress(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        let d = |a: Point, b: Point| ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt();
        assert!((d(positions[0], positions[1]) - 1.0).abs() < 0.01);
        assert!((d(positions[0], positions[2]) - 2.0).abs() < 0.01, "{positions:?}");
    }

    #[test]
    fn the_same_graph_gives_the_same_positions() {
        let edges = graph(60, 7);
        assert_eq!(stress(60, &edges), stress(60, &edges));
        assert!(stress(60, &edges).iter().all(|p| p.x.is_finite() && p.y.is_finite()));
    }

    #[test]
    fn nodes_are_pushed_apart_and_labels_overlap_nothing() {
        for seed in 0..8 {
            let n = 10 + seed as usize * 7;
            let mut positions: Vec<Point> = stress(n, &graph(n, seed))
                .into_iter()
                .map(|p| Point {
                    x: p.x * 60.0,
                    y: p.y * 60.0,
                })
                .collect();
            let radii: Vec<f64> = (0..n).map(|i| 4.0 + (i % 5) as f64 * 3.0).collect();
            separate(&mut positions, &radii, 2.0);
            for i in 0..n {
                for j in i + 1..n {
                    let d =
                        ((positions[i].x - positions[j].x).powi(2) + (positions[i].y - positions[j].y).powi(2)).sqrt();
                    assert!(d >= radii[i] + radii[j] + 1.99, "nodes {i} and {j} overlap");
                }
            }
            let sizes: Vec<(f64, f64)> = (0..n).map(|i| (30.0 + (i % 7) as f64 * 12.0, 18.0)).collect();
            let order: Vec<usize> = (0..n).collect();
            let labels = place_labels(&positions, &radii, &sizes, &order, 3.0);
            for (i, label) in labels.iter().enumerate() {
                for (j, other) in labels.iter().enumerate().skip(i + 1) {
                    assert!(!label.rect.overlaps(&other.rect), "labels {i} and {j} overlap");
                }
                for (j, (&c, &r)) in positions.iter().zip(&radii).enumerate() {
                    assert!(!label.rect.meets_disc(c, r), "label {i} covers node {j}");
                }
            }
        }
    }

    #[test]
    fn disconnected_nodes_stay_apart() {
        let positions = stress(4, &[(0, 1, 1.0)]);
        assert!(positions.iter().all(|p| p.x.is_finite()));
        let d = ((positions[2].x - positions[3].x).powi(2) + (positions[2].y - positions[3].y).powi(2)).sqrt();
        assert!(d > 0.5, "{positions:?}");
    }
}
