//! Consistent backups (filled in below).
