//! `ftc note list TENANT`: newest first, the last 4 unless `--all`.

use super::{render_notes, workload, NoteKind, NoteView};
use crate::cli::Ctx;
use crate::error::Result;
use crate::store::notes::{list_notes, NoteFilter};
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// Every note, not only the last 4
    #[arg(long)]
    pub all: bool,
    /// Only notes of this kind
    #[arg(long, value_enum)]
    pub kind: Option<NoteKind>,
    /// Only the service intent notes of this workload
    #[arg(long, value_name = "W")]
    pub workload: Option<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: ListArgs) -> Result<()> {
    let slug = a.workload.as_deref().map(workload).transpose()?;
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), &a.tenant)?;
    let notes: Vec<NoteView> = list_notes(
        store.db(),
        t.id,
        &NoteFilter {
            kind: a.kind.map(NoteKind::as_str),
            workload: slug.map(|w| w.slug.as_str()),
            limit: if a.all { None } else { Some(4) },
        },
    )?
    .iter()
    .map(NoteView::of)
    .collect();
    render_notes(out, ctx, &notes)
}
