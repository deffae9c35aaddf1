//! The CLI tests: one test binary (one link, one process start for the
//! harness), a module per area, the shared set-up in `common` (and the
//! proof, in `harness`, that its checks can fail). Run one area
//! with `cargo test --test cli agenda::` (or `cargo nextest run -E
//! 'test(/^agenda::/)'`).

mod common;
mod harness;

mod agenda;
mod assign;
mod bad_feeds;
mod bad_input;
mod cadence;
mod calendar;
mod concurrency;
mod contact_set;
mod contacts;
mod crash;
mod dibs;
mod drafts;
mod dupes_feed;
mod engage;
mod fta;
mod help;
mod html_report;
mod import_paths;
mod misc;
mod notes;
mod partner_page;
mod partners;
mod report;
mod rfa;
mod server;
mod show;
mod standing;
mod status;
mod store_faults;
mod tables;
mod tasks;
mod tenant_add;
mod tenant_import;
mod tenant_set_list;
mod triage;
