//! The inbox (站内消息). Messages go to an organisation and every account of it sees them; each
//! account keeps its own read marks. Article moves write their messages in their own transaction
//! (`notify`); the deadline reminders come from a scheduled job (`reminders`); `read` is the
//! signed-in user's side.

pub mod notify;
pub mod read;
pub mod reminders;

pub use read::{InboxItem, get, list, mark_all_read, mark_read, unread_count};
pub use reminders::send_due_reminders;
