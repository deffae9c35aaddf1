//! `ftc architect add|list`: the FastTrack Architects the balancer assigns
//! requests to, with their capacity, regions and load.

use crate::cli::Ctx;
use crate::domain::contact::parse_name;
use crate::domain::frp::normalise_regions;
use crate::domain::fta::Architect;
use crate::domain::values::{parse_region, Region};
use crate::error::Result;
use crate::render::{self, Columns};
use crate::store::fta::{find_architect, list_architects, upsert_architect};
use crate::store::history::record;
use clap::{Args, Subcommand};
use serde::Serialize;
use std::io::Write;

/// The capacity of an architect added without `--capacity`: five open
/// requests at a time, about a week of two-business-day assignments.
pub const DEFAULT_CAPACITY: u32 = 5;

#[derive(Debug, Subcommand)]
pub enum ArchitectCommand {
    /// Add an architect, or change the capacity or regions of one
    Add(AddArgs),
    /// The architects with their open and total assignments
    List(ListArgs),
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The architect's name (found again in any case)
    #[arg(value_parser = parse_name)]
    pub name: String,
    /// How many open requests at most [default: 5; an existing architect keeps theirs]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub capacity: Option<u32>,
    /// A region served (repeat for more) [default: every region; an existing architect keeps theirs]
    #[arg(long = "region", value_parser = parse_region, value_name = "R")]
    pub regions: Vec<Region>,
}

#[derive(Debug, Args)]
pub struct ListArgs {}

/// An architect as printed: `regions` lists every region served (all three
/// for an architect of every region).
#[derive(Debug, Clone, Serialize)]
pub struct ArchitectView {
    pub name: String,
    pub capacity: u32,
    pub regions: Vec<Region>,
    /// Assigned requests not closed.
    pub open: u32,
    /// Every request ever assigned.
    pub total: u32,
    /// Below capacity: the balancer may pick them.
    pub available: bool,
}

impl ArchitectView {
    pub fn of(a: &Architect) -> ArchitectView {
        ArchitectView {
            name: a.name.clone(),
            capacity: a.capacity,
            regions: if a.regions.is_empty() {
                Region::ALL.to_vec()
            } else {
                a.regions.clone()
            },
            open: a.open,
            total: a.ever,
            available: a.open < a.capacity,
        }
    }
}

const COLUMNS: Columns = Columns {
    keys: &["name", "capacity", "regions", "open", "total", "available"],
    table: &[
        ("name", "name"),
        ("capacity", "capacity"),
        ("open", "open"),
        ("total", "total"),
        ("regions", "regions"),
    ],
    flex: 4,
};

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: ArchitectCommand) -> Result<()> {
    match cmd {
        ArchitectCommand::Add(a) => add(ctx, out, a),
        ArchitectCommand::List(_) => {
            let store = ctx.open_store()?;
            let views: Vec<ArchitectView> = list_architects(store.db())?
                .iter()
                .map(ArchitectView::of)
                .collect();
            render::list(out, ctx.style, &views, &COLUMNS)
        }
    }
}

/// "ann (capacity 5; emea, apj)"
fn describe(name: &str, capacity: u32, regions: &[Region]) -> String {
    let r: Vec<&str> = regions.iter().map(|r| r.as_str()).collect();
    format!(
        "{name} (capacity {capacity}; {})",
        if r.is_empty() {
            "every region".to_string()
        } else {
            r.join(", ")
        }
    )
}

fn add(ctx: &Ctx, out: &mut dyn Write, a: AddArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let before = find_architect(&tx, &a.name)?;
    // An existing architect keeps the stored spelling of their name and
    // whatever the flags do not change.
    let name = before.as_ref().map_or(a.name.clone(), |b| b.name.clone());
    let capacity = a
        .capacity
        .or(before.as_ref().map(|b| b.capacity))
        .unwrap_or(DEFAULT_CAPACITY);
    let regions = if a.regions.is_empty() {
        before.as_ref().map_or(Vec::new(), |b| b.regions.clone())
    } else {
        normalise_regions(&a.regions)
    };
    let now = describe(&name, capacity, &regions);
    let what = match &before {
        Some(b) if b.capacity == capacity && b.regions == regions => None,
        Some(b) => Some(format!(
            "architect {now} updated; was {}",
            describe(&b.name, b.capacity, &b.regions)
        )),
        None => Some(format!("architect {now} added")),
    };
    if let Some(what) = &what {
        upsert_architect(&tx, &name, capacity, &regions)?;
        record(&tx, &ctx.stamp(), None, "architect.add", what)?;
    }
    let after =
        find_architect(&tx, &name)?.ok_or_else(|| anyhow::anyhow!("architect {name} vanished"))?;
    match &what {
        Some(what) => {
            tx.commit()?;
            ctx.say(what);
        }
        None => {
            drop(tx);
            ctx.say(&format!("architect {now}: nothing changed"));
        }
    }
    if after.open > after.capacity {
        ctx.say(&format!(
            "note: {} has {} open requests, more than the new capacity; none more until some close",
            after.name, after.open
        ));
    }
    render::one(out, ctx.style, &ArchitectView::of(&after))
}
