//! `ftc history TENANT`

use super::Ctx;
use crate::error::Result;
use crate::render::{self, Columns};
use crate::store::history::list_history;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
}

#[derive(Debug, Serialize)]
pub struct HistoryView {
    pub at: String,
    pub on: String,
    pub actor: String,
    pub action: String,
    pub description: String,
}

const COLUMNS: Columns = Columns {
    keys: &["at", "on", "actor", "action", "description"],
    table: &[
        ("on", "on"),
        ("actor", "actor"),
        ("action", "action"),
        ("what", "description"),
    ],
    flex: 3,
};

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: HistoryArgs) -> Result<()> {
    let store = ctx.open_store()?;
    let t = resolve_tenant(store.db(), &a.tenant)?;
    let rows: Vec<HistoryView> = list_history(store.db(), t.id)?
        .into_iter()
        .map(|e| HistoryView {
            at: e.at,
            on: e.on_date,
            actor: e.actor,
            action: e.action,
            description: e.description,
        })
        .collect();
    render::list(out, ctx.style, &rows, &COLUMNS)
}
