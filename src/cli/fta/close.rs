//! `ftc fta close ID`: a request is done (or withdrawn); its architect's open
//! load goes down by one.

use super::{describe, load, RequestView};
use crate::cli::Ctx;
use crate::error::{refused, Result};
use crate::render;
use crate::store::fta::{close_request, get_request};
use crate::store::history::record;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct CloseArgs {
    /// The request's id
    pub id: i64,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: CloseArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let r = load(tx.db(), a.id)?;
    if let Some(on) = r.closed_on {
        return Err(refused(format!("{} was closed on {on} already", describe(&r))).into());
    }
    close_request(&tx, r.id, ctx.today)?;
    let what = match &r.architect {
        Some(who) => format!("{} closed ({who})", describe(&r)),
        None => format!("{} closed, never assigned", describe(&r)),
    };
    record(
        &tx,
        &ctx.stamp(),
        r.tenant.as_ref().map(|t| t.0),
        "fta.close",
        &what,
    )?;
    let after = get_request(&tx, r.id)?.unwrap_or(r);
    tx.commit()?;
    ctx.say(&what);
    render::one(out, ctx.style, &RequestView::of(&after))
}
