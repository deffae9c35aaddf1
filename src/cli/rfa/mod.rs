//! `ftc rfa add|list`: requests for assistance. A tenant with an RFA
//! approved in the last 30 days skips the proactive cadence and goes
//! straight to assignment.

pub mod add;
pub mod list;

use crate::cli::Ctx;
use crate::domain::rfa::RfaStatus;
use crate::error::Result;
use crate::render::Columns;
use crate::store::rfas::Rfa;
use chrono::NaiveDate;
use clap::Subcommand;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum RfaCommand {
    /// Record an RFA, or update the status of the one with that ID
    Add(add::AddArgs),
    /// Every RFA, newest first
    List(list::ListArgs),
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: RfaCommand) -> Result<()> {
    match cmd {
        RfaCommand::Add(a) => add::run(ctx, out, a),
        RfaCommand::List(a) => list::run(ctx, out, a),
    }
}

/// An RFA as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RfaView {
    pub id: String,
    pub domain: String,
    /// Workload slugs.
    pub workloads: Vec<String>,
    pub status: RfaStatus,
    /// The day of its status.
    pub on: NaiveDate,
}

impl RfaView {
    pub fn of(r: &Rfa) -> RfaView {
        RfaView {
            id: r.id.clone(),
            domain: r.domain.clone(),
            workloads: r.workloads.clone(),
            status: r.status,
            on: r.on,
        }
    }
}

pub const RFA_COLUMNS: Columns = Columns {
    keys: &["id", "domain", "workloads", "status", "on"],
    table: &[
        ("id", "id"),
        ("domain", "domain"),
        ("status", "status"),
        ("on", "on"),
        ("workloads", "workloads"),
    ],
    flex: 4,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_match_the_view() {
        let v = RfaView {
            id: "R".into(),
            domain: "a.b".into(),
            workloads: vec![],
            status: RfaStatus::Approved,
            on: NaiveDate::default(),
        };
        let json = serde_json::to_value(&v).unwrap();
        let keys: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, RFA_COLUMNS.keys);
    }
}
