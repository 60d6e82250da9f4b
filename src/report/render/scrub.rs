//! The scrubber lives with the input it cleans ([`crate::input::scrub`]), so that every
//! string from data passes the same one on its way to any output.

pub use crate::input::scrub::*;
