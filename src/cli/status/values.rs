//! `ftc status values [--workload W] [--l1 L1] [--l2 L2]`: the vocabulary of
//! `status set --row`, from the reference data in effect.

use super::workload_slug;
use crate::cli::Ctx;
use crate::domain::status::{combinations, find_l1};
use crate::error::{refused, Result};
use crate::reference::{self, Rule};
use crate::render::{self, Columns};
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ValuesArgs {
    /// Only the values a row of this workload may take
    #[arg(long, value_name = "W")]
    pub workload: Option<String>,
    /// Only under this L1 (display name or slug)
    #[arg(long, value_name = "L1")]
    pub l1: Option<String>,
    /// Only under this L2 (display name or slug)
    #[arg(long, value_name = "L2")]
    pub l2: Option<String>,
}

/// One allowed combination.
#[derive(Debug, Serialize)]
pub struct ValueView {
    pub l1: String,
    pub l2: Option<String>,
    pub l3: Option<String>,
    /// A workload slug, or `*` for every workload.
    pub workload: String,
    /// `required` or `forbidden`.
    pub target_date: &'static str,
}

const COLUMNS: Columns = Columns {
    keys: &["l1", "l2", "l3", "workload", "target_date"],
    table: &[
        ("l1", "l1"),
        ("l2", "l2"),
        ("l3", "l3"),
        ("workload", "workload"),
        ("target date", "target_date"),
    ],
    flex: 2,
};

/// The same value by display name in any case, or by slug.
fn same(name: &str, input: &str) -> bool {
    let s = reference::slug(input);
    name.to_lowercase() == input.trim().to_lowercase()
        || (!s.is_empty() && reference::slug(name) == s)
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ValuesArgs) -> Result<()> {
    let r = reference::get();
    let workload = a.workload.as_deref().map(workload_slug).transpose()?;
    let l1 = match &a.l1 {
        Some(given) => Some(find_l1(r, given).ok_or_else(|| {
            let names: Vec<&str> = r.l1.iter().map(|l| l.name.as_str()).collect();
            refused(format!("--l1: '{given}' is not an L1 value"))
                .with_hint(format!("L1 values: {}", names.join("; ")))
        })?),
        None => None,
    };
    if let Some(given) = &a.l2 {
        if !r.taxonomy.iter().any(|t| same(&t.l2, given)) {
            return Err(refused(format!("--l2: '{given}' is not an L2 value"))
                .with_hint("`ftc status values` lists every value")
                .into());
        }
    }
    let rows: Vec<ValueView> = combinations(r)
        .into_iter()
        .filter(|c| l1.is_none_or(|l| l.name == c.l1))
        .filter(|c| {
            a.l2.as_deref()
                .is_none_or(|g| c.l2.as_deref().is_some_and(|l2| same(l2, g)))
        })
        .filter(|c| {
            workload
                .as_deref()
                .is_none_or(|w| c.workload == "*" || c.workload == w)
        })
        .map(|c| ValueView {
            l1: c.l1,
            l2: c.l2,
            l3: c.l3,
            workload: c.workload,
            target_date: match c.target_date {
                Rule::Required => "required",
                Rule::Forbidden => "forbidden",
            },
        })
        .collect();
    render::list(out, ctx.style, &rows, &COLUMNS)
}
