//! `ftc db init`: create the database, or bring an older one's schema up to
//! date, and say which.

use super::Ctx;
use crate::error::Result;
use crate::store::copy::Side;
use crate::store::current_version;
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the database (`--db`), or upgrade an older one's schema
    Init,
    /// Copy a whole database, history included, into an empty one: a file or a team server, either way
    Copy(CopyArgs),
}

#[derive(Debug, clap::Args)]
pub struct CopyArgs {
    /// The database to copy: a file, or postgres://HOST/DB
    #[arg(long, value_name = "PATH_OR_URL")]
    pub from: String,
    /// Where to: a new (or empty) file, or a team server database set up with `ftc db init`
    #[arg(long, value_name = "PATH_OR_URL")]
    pub to: String,
}

/// A file path or a team server's URL.
fn side(s: &str) -> Result<Side> {
    Ok(if crate::store::server::is_server(s) {
        Side::Server(crate::store::server::settings(s)?)
    } else {
        Side::File(std::path::PathBuf::from(s))
    })
}

#[derive(serde::Serialize)]
struct Copied {
    table: &'static str,
    rows: i64,
}

const COPIED: crate::render::Columns = crate::render::Columns {
    keys: &["table", "rows"],
    table: &[("table", "table"), ("rows", "rows")],
    flex: 0,
};

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: DbCommand) -> Result<()> {
    match cmd {
        DbCommand::Copy(a) => {
            let (from, to) = (side(&a.from)?, side(&a.to)?);
            let counts = crate::store::copy::copy(&from, &to, current_version())?;
            let rows: Vec<Copied> = counts
                .iter()
                .map(|(table, rows)| Copied { table, rows: *rows })
                .collect();
            crate::render::list(out, ctx.style, &rows, &COPIED)?;
            ctx.say(&format!(
                "copied {} into {}: {} tenants, {} history entries; every table's rows counted on both sides",
                from.describe(),
                to.describe(),
                counts.iter().find(|(t, _)| *t == "tenants").map_or(0, |(_, n)| *n),
                counts.iter().find(|(t, _)| *t == "history").map_or(0, |(_, n)| *n),
            ));
            Ok(())
        }
        DbCommand::Init if ctx.server.is_some() => {
            let Some(settings) = ctx.server.as_ref() else {
                return Ok(());
            };
            let mut client = crate::store::server::connect(settings)?;
            let done = crate::store::server::init(&mut client, current_version())?;
            ctx.say(&format!(
                "{}: {} (schema version {}); roles {}",
                settings.describe(),
                match done {
                    crate::store::server::Init::Created => "created".to_string(),
                    crate::store::server::Init::Upgraded(from) => format!("upgraded from {from}"),
                    crate::store::server::Init::UpToDate => "up to date".to_string(),
                },
                current_version(),
                crate::store::server::ROLES
                    .iter()
                    .map(|(r, _)| *r)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            Ok(())
        }
        DbCommand::Init => {
            let existed = ctx.db_path.exists();
            ctx.open_store()?;
            ctx.say(&format!(
                "{}: {} (schema version {})",
                ctx.db_path.display(),
                if existed { "up to date" } else { "created" },
                current_version()
            ));
            Ok(())
        }
    }
}
