//! `ftc frp add MPN NAME [--region R]...`: add an FRP or update it.

use super::{describe, FrpView};
use crate::cli::Ctx;
use crate::domain::contact::{parse_mpn, parse_name};
use crate::domain::frp::normalise_regions;
use crate::domain::values::{parse_region, Region};
use crate::error::Result;
use crate::render;
use crate::store::frps::{get_frp, upsert_frp, Frp, Upsert};
use crate::store::history::record;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The partner's MPN ID (a number)
    #[arg(value_parser = parse_mpn)]
    pub mpn: String,
    /// The partner's name
    #[arg(value_parser = parse_name)]
    pub name: String,
    /// A region it serves (repeat for more); none given: every region
    #[arg(long = "region", value_parser = parse_region, value_name = "R")]
    pub regions: Vec<Region>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: AddArgs) -> Result<()> {
    let f = Frp {
        mpn: a.mpn,
        name: a.name,
        regions: normalise_regions(&a.regions),
    };
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let before = get_frp(&tx, &f.mpn)?;
    match upsert_frp(&tx, &f)? {
        Upsert::Unchanged => {
            drop(tx);
            ctx.say(&format!("FRP {}: nothing changed", describe(&f)));
        }
        done => {
            let what = match (done, &before) {
                (Upsert::Updated, Some(b)) => {
                    format!("FRP {} updated; was {}", describe(&f), describe(b))
                }
                _ => format!("FRP {} added", describe(&f)),
            };
            record(&tx, &ctx.stamp(), None, "frp.add", &what)?;
            tx.commit()?;
            ctx.say(&what);
        }
    }
    render::one(out, ctx.style, &FrpView::of(&f))
}
