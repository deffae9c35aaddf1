//! `ftc triage list [--route R]`

use super::{FeedbackView, COLUMNS, ROUTES};
use crate::cli::Ctx;
use crate::error::Result;
use crate::render;
use crate::store::feedback::list_feedback;
use clap::builder::PossibleValuesParser;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only feedback sent this way
    #[arg(long, value_parser = PossibleValuesParser::new(ROUTES), value_name = "R")]
    pub route: Option<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ListArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let views: Vec<FeedbackView> = list_feedback(store.db(), a.route.as_deref())?
        .iter()
        .map(FeedbackView::of)
        .collect();
    render::list(out, ctx.style, &views, &COLUMNS)
}
