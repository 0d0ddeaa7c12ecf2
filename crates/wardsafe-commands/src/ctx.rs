//! The application state a command runs against, and the signed-in user.

use crate::session::Sessions;
use std::path::Path;
use uuid::Uuid;
use wardsafe_domain::role::{may, Action};
use wardsafe_domain::views::UserInfo;
use wardsafe_domain::{AppError, AppResult, ErrorCode};
use wardsafe_store::Store;

/// One open database and its sessions.
pub struct App {
    pub(crate) store: Store,
    pub(crate) sessions: Sessions,
    pub(crate) sync: crate::sync::SyncRuntime,
}

impl App {
    /// Open the database at `path` (creating and migrating it) and make sure
    /// the built-in templates are present.
    pub fn open(path: &Path) -> AppResult<App> {
        let store = Store::open(path)?;
        crate::builtin::install_templates(&store)?;
        Ok(App { store, sessions: Sessions::default(), sync: Default::default() })
    }

    /// Open with a given clock and id source: tests that need the time to
    /// pass (a record kept 3 years) and the sync simulation.
    pub fn open_with_clock(path: &Path, clock: std::sync::Arc<dyn wardsafe_store::Clock>) -> AppResult<App> {
        let store = Store::open_with(path, clock)?;
        crate::builtin::install_templates(&store)?;
        Ok(App { store, sessions: Sessions::default(), sync: Default::default() })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Stop the background sync threads (they finish their current request).
    pub fn stop_sync(&self) {
        self.sync.stop();
    }

    /// Run the command `name` with JSON `input`. `session` is the token from
    /// `sign_in`. Never panics: a bug inside a command becomes an `internal` error.
    pub fn call(
        &self,
        name: &str,
        session: Option<&str>,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, AppError> {
        let spec = crate::registry::find(name)
            .ok_or_else(|| AppError::new(ErrorCode::UnknownCommand, format!("there is no command '{name}'")))?;
        let user = match session {
            Some(token) => self.session_user(token),
            None => None,
        };
        if spec.needs_session && user.is_none() {
            return Err(AppError::new(ErrorCode::Unauthenticated, "sign in first (your session may have ended)"));
        }
        let ctx = Ctx { app: self, user, session: session.map(str::to_string) };
        let run = std::panic::AssertUnwindSafe(|| (spec.run)(&ctx, input));
        match std::panic::catch_unwind(run) {
            Ok(r) => {
                // A command may have saved something: let sync push it now.
                if r.is_ok() {
                    self.sync.nudge();
                }
                r
            }
            Err(_) => Err(AppError::internal(format!("command '{name}' failed unexpectedly; nothing was saved by it"))),
        }
    }
}

/// What a command handler sees.
pub struct Ctx<'a> {
    pub app: &'a App,
    pub user: Option<UserInfo>,
    pub session: Option<String>,
}

impl Ctx<'_> {
    pub fn store(&self) -> &Store {
        &self.app.store
    }

    /// The signed-in user (commands marked `needs_session` always have one).
    pub fn me(&self) -> AppResult<&UserInfo> {
        self.user.as_ref().ok_or_else(|| AppError::new(ErrorCode::Unauthenticated, "sign in first"))
    }

    pub fn user_id(&self) -> Option<Uuid> {
        self.user.as_ref().map(|u| u.id)
    }

    /// Refuse unless the user's roles allow `action` on `ward`.
    pub fn require(&self, action: Action, ward: Option<Uuid>) -> AppResult<()> {
        let me = self.me()?;
        if may(&me.roles, action, ward) {
            Ok(())
        } else {
            Err(AppError::forbidden(format!("your roles do not allow you to {}", action.describe())))
        }
    }
}
