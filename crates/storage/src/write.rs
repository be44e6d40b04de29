//! A transaction that may write, begun by `Db::begin_write`: on SQLite it holds this process's
//! write turn until it commits or is dropped. Repositories take it like any connection.

use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement,
};

pub struct WriteTxn {
    txn: DatabaseTransaction,
    /// Released when the transaction ends, letting the next queued writer begin.
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::fmt::Debug for WriteTxn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteTxn").finish_non_exhaustive()
    }
}

impl WriteTxn {
    pub(crate) fn new(
        txn: DatabaseTransaction,
        turn: Option<tokio::sync::OwnedMutexGuard<()>>,
    ) -> Self {
        WriteTxn { txn, _turn: turn }
    }

    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }

    /// The underlying transaction, for APIs that want sea-orm's own type (migrations).
    pub fn inner(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

#[sea_orm_migration::async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }
}
