//! `ftc db init`: create the database, or bring an older one's schema up to
//! date, and say which.

use super::Ctx;
use crate::error::Result;
use crate::store::current_version;
use clap::Subcommand;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// Create the database (`--db`), or upgrade an older one's schema
    Init,
}

pub fn run(ctx: &Ctx, _out: &mut dyn Write, cmd: DbCommand) -> Result<()> {
    match cmd {
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
                    crate::store::server::Init::Created => "created",
                    crate::store::server::Init::UpToDate => "up to date",
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
