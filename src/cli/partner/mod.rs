//! `ftc partner ...`: the partner deploying for the customer on a tenant.

pub mod none;
pub mod set;
pub mod view;

use crate::cli::Ctx;
use crate::error::Result;
use crate::store::partners::Partner;
use clap::Subcommand;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Add or update a partner on the tenant, by MPN ID (several may be listed as candidates until one deploys)
    Set(set::SetArgs),
    /// No partner deploys anything: `No Partner Identified`, and the partner contacts removed; `--mpn` takes one candidate off
    #[command(name = "none")]
    NoPartner(none::NoneArgs),
    /// The tenant as a partner's page shows it: its claims, the claimable workloads, usage once it claims
    View(view::ViewArgs),
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: PartnerCommand) -> Result<()> {
    match cmd {
        PartnerCommand::Set(a) => set::run(ctx, out, a),
        PartnerCommand::NoPartner(a) => none::run(ctx, out, a),
        PartnerCommand::View(a) => view::run(ctx, out, a),
    }
}

/// A partner as `partner set|none` and `tenant show` print it.
#[derive(Debug, Clone, Serialize)]
pub struct PartnerView {
    pub name: String,
    pub mpn: String,
    pub deploying: Vec<String>,
    /// It deploys at least one workload.
    pub engaged: bool,
    /// Its MPN ID is on the FRP list.
    pub frp: bool,
}

impl PartnerView {
    pub fn of(p: &Partner) -> PartnerView {
        PartnerView {
            name: p.name.clone(),
            mpn: p.mpn.clone(),
            deploying: p.deploying.clone(),
            engaged: p.is_engaged(),
            frp: p.is_frp,
        }
    }
}

/// "Sakura Digital (MPN 4410003, an FRP) deploying teams, exchange"
pub fn describe(p: &Partner) -> String {
    if !p.is_real() {
        return format!("{} (MPN {})", p.name, p.mpn);
    }
    format!(
        "{} (MPN {}{}){}",
        p.name,
        p.mpn,
        if p.is_frp { ", an FRP" } else { "" },
        if p.deploying.is_empty() {
            " deploying nothing yet".to_string()
        } else {
            format!(" deploying {}", p.deploying.join(", "))
        }
    )
}
