//! Consumers that always close what they read.

mod closing;
mod error;

pub use closing::{ClosingResult, closing};
pub use error::ClosingError;
