//! ftc: FastTrack onboarding engagements over a local SQLite database.
// Unsafe code only where a module says why and allows it (`store::in_place`).
#![deny(unsafe_code)]

pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod reference;
pub mod render;
pub mod store;

use clap::{CommandFactory, FromArgMatches};
use error::{Code, Failure};
use std::process::ExitCode;

/// Parse the command line, run it, and turn the outcome into an exit code,
/// printing `error:` / `hint:` lines for failures.
pub fn main_entry() -> ExitCode {
    let matches = match cli::Cli::command().try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let db_from_command_line = matches!(
        find_source(&matches, "db"),
        Some(clap::parser::ValueSource::CommandLine)
    );
    let parsed = match cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    match cli::dispatch(parsed, db_from_command_line) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(e),
    }
}

/// Where a global argument's value came from, looking through subcommands.
fn find_source(m: &clap::ArgMatches, id: &str) -> Option<clap::parser::ValueSource> {
    let mut cur = m;
    let mut found = cur.value_source(id);
    while let Some((_, sub)) = cur.subcommand() {
        if let Some(s) = sub.try_get_raw(id).ok().and(sub.value_source(id)) {
            found = Some(s);
        }
        cur = sub;
    }
    found
}

fn report(e: anyhow::Error) -> ExitCode {
    if is_broken_pipe(&e) {
        return ExitCode::SUCCESS;
    }
    if let Some(f) = e.downcast_ref::<Failure>() {
        eprintln!("error: {}", f.message);
        if let Some(h) = &f.hint {
            eprintln!("hint: {h}");
        }
        return ExitCode::from(f.code as u8);
    }
    if let Some(db) = e.downcast_ref::<rusqlite::Error>() {
        let busy = matches!(
            db.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        );
        eprintln!("error: database: {db}");
        if busy {
            eprintln!(
                "hint: another ftc command holds the database; try again when it has finished"
            );
        }
        return ExitCode::from(Code::Refused as u8);
    }
    let chain: Vec<String> = e.chain().map(|c| c.to_string()).collect();
    eprintln!("error: {}", chain.join(": "));
    ExitCode::from(Code::Refused as u8)
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|ce| {
                matches!(ce.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|je| je.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}
