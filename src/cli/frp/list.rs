//! `ftc frp list`

use super::{FrpView, FRP_COLUMNS};
use crate::cli::Ctx;
use crate::error::Result;
use crate::render;
use crate::store::frps::list_frps;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ListArgs {}

pub fn run(ctx: &Ctx, out: &mut dyn Write, _a: ListArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let views: Vec<FrpView> = list_frps(store.db())?.iter().map(FrpView::of).collect();
    render::list(out, ctx.style, &views, &FRP_COLUMNS)
}
