//! Pure rules: no database, no terminal, no clock.

pub mod assignment;
pub mod cadence;
pub mod calendar;
pub mod contact;
pub mod dedupe;
pub mod dibs;
pub mod draft;
pub mod feed;
pub mod frp;
pub mod fta;
pub mod goback;
pub mod lint;
pub mod names;
pub mod rfa;
pub mod standing;
pub mod status;
pub mod tasks;
pub mod tenant;
pub mod trend;
pub mod triage;
pub mod usage;
pub mod values;
