//! `ftc tenant dupes`: customers that look like the same organisation.

use crate::cli::Ctx;
use crate::domain::dedupe::{find_pairs, worth_listing, Named};
use crate::domain::names::{Reason, Weights, DEFAULT_THRESHOLD};
use crate::error::{invalid, Result};
use crate::render::{self, Columns};
use crate::store::customers::list_keyed_customers;
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct DupesArgs {
    /// The lowest score shown; also the similarity threshold for similar names
    #[arg(long, default_value_t = DEFAULT_THRESHOLD, value_name = "X")]
    pub min_score: f64,
}

#[derive(Debug, Serialize)]
pub struct DupeView {
    pub a: String,
    pub b: String,
    pub score: f64,
    pub reason: Reason,
    pub a_tpid: Option<i64>,
    pub b_tpid: Option<i64>,
    /// The words found in both names (a typo as `a~b`).
    pub matched: Vec<String>,
    /// The words of either name not found in the other.
    pub differed: Vec<String>,
    /// The same, in words.
    pub why: String,
}

const COLUMNS: Columns = Columns {
    keys: &[
        "a", "b", "score", "reason", "a_tpid", "b_tpid", "matched", "differed", "why",
    ],
    table: &[
        ("customer a", "a"),
        ("tpid a", "a_tpid"),
        ("customer b", "b"),
        ("tpid b", "b_tpid"),
        ("score", "score"),
        ("reason", "reason"),
        ("why", "why"),
    ],
    flex: 6,
};

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: DupesArgs) -> Result<()> {
    if !(0.0..=1.0).contains(&a.min_score) {
        return Err(invalid(format!(
            "--min-score {} is not between 0 and 1",
            a.min_score
        ))
        .into());
    }
    let store = ctx.open_store()?;
    let customers = list_keyed_customers(store.db())?;
    let items: Vec<Named> = customers
        .iter()
        .map(|c| Named {
            id: c.id,
            keys: &c.keys,
        })
        .collect();
    let weights = Weights::count(customers.iter().map(|c| &c.keys));
    let worked = crate::store::suspects::customers_with_tenants(store.db())?
        .into_iter()
        .collect();
    let checked = crate::store::suspects::checked_pairs(store.db())?
        .into_iter()
        .collect();
    let pairs = find_pairs(&items, a.min_score, &weights);
    let views: Vec<DupeView> = worth_listing(pairs, &items, &worked, &checked)
        .into_iter()
        .filter(|p| p.score >= a.min_score)
        .map(|p| {
            let (x, y) = (&customers[p.a], &customers[p.b]);
            DupeView {
                a: x.name.clone(),
                b: y.name.clone(),
                score: p.score,
                reason: p.reason,
                a_tpid: x.tpid,
                b_tpid: y.tpid,
                why: crate::domain::names::Match {
                    score: p.score,
                    reason: p.reason,
                    matched: p.matched.clone(),
                    differed: p.differed.clone(),
                }
                .why(),
                matched: p.matched,
                differed: p.differed,
            }
        })
        .collect();
    render::list(out, ctx.style, &views, &COLUMNS)
}
