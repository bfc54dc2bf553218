//! Exit statuses as a type: the contract scripts rely on (documented in the README).

use std::process::ExitCode;

/// The outcome of a command, ordered from best to worst so that several results can be
/// merged by keeping the worst (`check 80 443`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 0: the answer is "yes" (found, free, listening, nothing wrong).
    Success,
    /// 3: `check` only: nothing in use, but a port could not be bound for another reason.
    CannotBind,
    /// 1: the answer is "no" (nothing found, in use, not listening, an error finding).
    Failure,
    /// 3: `free` only: portdoc would not act (a managed holder, no permission, declined).
    /// Worse than "still busy": a person has to do something.
    Refused,
    /// 2: bad input, or portdoc itself failed.
    Error,
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::Failure => 1,
            Status::Error => 2,
            Status::CannotBind | Status::Refused => 3,
        }
    }

    /// The worse of two outcomes.
    pub fn merge(self, other: Status) -> Status {
        self.max(other)
    }
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        ExitCode::from(status.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_documented_ones() {
        assert_eq!(Status::Success.code(), 0);
        assert_eq!(Status::Failure.code(), 1);
        assert_eq!(Status::Error.code(), 2);
        assert_eq!(Status::CannotBind.code(), 3);
        assert_eq!(Status::Refused.code(), 3);
    }

    #[test]
    fn merging_keeps_the_worst_outcome() {
        use Status::*;
        assert_eq!(Success.merge(CannotBind), CannotBind);
        assert_eq!(CannotBind.merge(Failure), Failure);
        assert_eq!(Failure.merge(CannotBind), Failure);
        assert_eq!(Failure.merge(Error), Error);
        assert_eq!(Failure.merge(Refused), Refused);
        assert_eq!(Refused.merge(Error), Error);
        assert_eq!(
            [Success, CannotBind, Success]
                .into_iter()
                .fold(Success, Status::merge),
            CannotBind
        );
    }
}
