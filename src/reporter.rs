//! Where the library's messages go. The library prints nothing: the binary
//! hands it a [`Reporter`] that prints, and tests and other callers get a
//! silent one by default.

use std::fmt;
use std::sync::Arc;

/// One message of a command that goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message<'a> {
    /// A step done: a rebuild while serving, the address served.
    Progress(&'a str),
    /// A problem that does not stop the command (a failed rebuild while
    /// serving: the last good site is still served).
    Problem(&'a str),
    /// The time and memory of a build stage, when timings are asked for.
    Timing(&'a str),
}

/// What a reporter hands its messages to.
type Sink = Arc<dyn Fn(Message) + Send + Sync>;

/// Receives the messages of a command; silent by default.
#[derive(Clone, Default)]
pub struct Reporter {
    sink: Option<Sink>,
    timings: bool,
}

impl Reporter {
    /// A reporter that hands every message to `sink`.
    pub fn new(sink: impl Fn(Message) + Send + Sync + 'static) -> Self {
        Reporter {
            sink: Some(Arc::new(sink)),
            timings: false,
        }
    }

    /// The same reporter, asking for the time of each build stage.
    pub fn with_timings(mut self, timings: bool) -> Self {
        self.timings = timings;
        self
    }

    /// Whether stage timings are wanted (measuring them costs a little).
    pub fn wants_timings(&self) -> bool {
        self.timings && self.sink.is_some()
    }

    /// Reports a message.
    pub fn send(&self, message: Message) {
        if let Some(sink) = &self.sink {
            sink(message);
        }
    }
}

impl fmt::Debug for Reporter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reporter")
            .field("silent", &self.sink.is_none())
            .field("timings", &self.timings)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn messages_reach_the_sink_and_timings_only_when_asked() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let reporter = Reporter::new(move |m| sink.lock().unwrap().push(format!("{m:?}")));
        assert!(!reporter.wants_timings());
        reporter.send(Message::Progress("built"));
        assert_eq!(*seen.lock().unwrap(), ["Progress(\"built\")"]);
        assert!(reporter.with_timings(true).wants_timings());
        assert!(!Reporter::default().with_timings(true).wants_timings(), "silent");
    }
}
