//! `ftc frp ...`: the FastTrack Ready Partner list.

pub mod add;
pub mod import;
pub mod list;

use crate::cli::Ctx;
use crate::domain::values::Region;
use crate::error::Result;
use crate::render::Columns;
use crate::store::frps::Frp;
use clap::Subcommand;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum FrpCommand {
    /// Add an FRP, or update the one with that MPN ID
    Add(add::AddArgs),
    /// Import the FRP list from CSV (mpn,name,regions): all rows or none
    Import(import::ImportArgs),
    /// The FRP list
    List(list::ListArgs),
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: FrpCommand) -> Result<()> {
    match cmd {
        FrpCommand::Add(a) => add::run(ctx, out, a),
        FrpCommand::Import(a) => import::run(ctx, out, a),
        FrpCommand::List(a) => list::run(ctx, out, a),
    }
}

/// An FRP as printed: `regions` lists every region it serves (all three when
/// it serves every region).
#[derive(Debug, Clone, Serialize)]
pub struct FrpView {
    pub mpn: String,
    pub name: String,
    pub regions: Vec<Region>,
}

impl FrpView {
    pub fn of(f: &Frp) -> FrpView {
        FrpView {
            mpn: f.mpn.clone(),
            name: f.name.clone(),
            regions: if f.regions.is_empty() {
                Region::ALL.to_vec()
            } else {
                f.regions.clone()
            },
        }
    }
}

pub const FRP_COLUMNS: Columns = Columns {
    keys: &["mpn", "name", "regions"],
    table: &[("mpn", "mpn"), ("name", "name"), ("regions", "regions")],
    flex: 1,
};

/// "Sakura Digital (MPN 4410003; apj)"
pub fn describe(f: &Frp) -> String {
    let regions: Vec<&str> = f.regions.iter().map(|r| r.as_str()).collect();
    format!(
        "{} (MPN {}; {})",
        f.name,
        f.mpn,
        if regions.is_empty() {
            "every region".to_string()
        } else {
            regions.join(", ")
        }
    )
}
