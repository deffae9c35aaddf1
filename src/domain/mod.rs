//! Pure rules: no database, no terminal, no clock.

pub mod cadence;
pub mod calendar;
pub mod dedupe;
pub mod feed;
pub mod names;
pub mod tenant;
pub mod values;
