//! Dates in running text: Arabic month names (Egyptian/Gulf يناير..., the
//! Levantine كانون الثاني..., the Maghrebi جانفي...), English ones (`Jan.`),
//! and both digit sets.
