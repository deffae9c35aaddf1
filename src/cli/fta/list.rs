//! `ftc fta list [--open]`

use super::{RequestView, REQUEST_COLUMNS};
use crate::cli::Ctx;
use crate::error::Result;
use crate::render;
use crate::store::fta::list_requests;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only requests not closed yet
    #[arg(long)]
    pub open: bool,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ListArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let views: Vec<RequestView> = list_requests(store.db(), a.open)?
        .iter()
        .map(RequestView::of)
        .collect();
    render::list(out, ctx.style, &views, &REQUEST_COLUMNS)
}
