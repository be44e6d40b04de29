//! Organisations, post profiles, name history, accounts, sessions, API tokens and the audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
    Code,
    Name,
    FederationName,
    Kind,
    ParentId,
    Path,
    Depth,
    Status,
    MergedIntoId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PostProfiles {
    Table,
    OrgId,
    WorkUnit,
    Industry,
    HonourLevel,
    YearNamed,
    ContactPerson,
    ContactPhone,
    MilitaryOrClassified,
    Revoked,
}

#[derive(DeriveIden)]
enum OrgNames {
    Table,
    Id,
    OrgId,
    Name,
    ValidFrom,
    ValidUntil,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    OrgId,
    Username,
    DisplayName,
    Role,
    PasswordHash,
    MustChangePassword,
    Disabled,
    FailedLogins,
    LockedUntil,
    CreatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    AccountId,
    CsrfToken,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    AccountId,
    Name,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    ActorId,
    ActorName,
    OrgId,
    OrgPath,
    Action,
    Target,
    Detail,
    Ip,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(big_pk_auto(Organisations::Id))
                    .col(string_len_uniq(Organisations::Code, 32))
                    .col(string_len(Organisations::Name, 200))
                    .col(string_len(Organisations::FederationName, 200))
                    .col(string_len(Organisations::Kind, 16))
                    .col(big_integer_null(Organisations::ParentId))
                    .col(string_len(Organisations::Path, 400))
                    .col(integer(Organisations::Depth))
                    .col(string_len(Organisations::Status, 16))
                    .col(big_integer_null(Organisations::MergedIntoId))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Organisations::Table, Organisations::ParentId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisations_path")
                    .table(Organisations::Table)
                    .col(Organisations::Path)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_organisations_parent")
                    .table(Organisations::Table)
                    .col(Organisations::ParentId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PostProfiles::Table)
                    .col(big_integer(PostProfiles::OrgId).primary_key())
                    .col(string_len(PostProfiles::WorkUnit, 200))
                    .col(string_len(PostProfiles::Industry, 80))
                    .col(string_len(PostProfiles::HonourLevel, 16))
                    .col(integer_null(PostProfiles::YearNamed))
                    .col(string_len(PostProfiles::ContactPerson, 80))
                    .col(string_len(PostProfiles::ContactPhone, 40))
                    .col(boolean(PostProfiles::MilitaryOrClassified))
                    .col(boolean(PostProfiles::Revoked))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PostProfiles::Table, PostProfiles::OrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrgNames::Table)
                    .col(big_pk_auto(OrgNames::Id))
                    .col(big_integer(OrgNames::OrgId))
                    .col(string_len(OrgNames::Name, 200))
                    .col(timestamp_with_time_zone(OrgNames::ValidFrom))
                    .col(timestamp_with_time_zone_null(OrgNames::ValidUntil))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgNames::Table, OrgNames::OrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_org_names_org")
                    .table(OrgNames::Table)
                    .col(OrgNames::OrgId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(big_pk_auto(Accounts::Id))
                    .col(big_integer(Accounts::OrgId))
                    .col(string_len_uniq(Accounts::Username, 40))
                    .col(string_len(Accounts::DisplayName, 80))
                    .col(string_len(Accounts::Role, 16))
                    .col(string_len(Accounts::PasswordHash, 200))
                    .col(boolean(Accounts::MustChangePassword))
                    .col(boolean(Accounts::Disabled))
                    .col(integer(Accounts::FailedLogins))
                    .col(timestamp_with_time_zone_null(Accounts::LockedUntil))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .col(timestamp_with_time_zone_null(Accounts::LastLoginAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Accounts::Table, Accounts::OrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_accounts_org")
                    .table(Accounts::Table)
                    .col(Accounts::OrgId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string_len(Sessions::Id, 64).primary_key())
                    .col(big_integer(Sessions::AccountId))
                    .col(string_len(Sessions::CsrfToken, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::AccountId)
                            .to(Accounts::Table, Accounts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_sessions_account")
                    .table(Sessions::Table)
                    .col(Sessions::AccountId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(big_pk_auto(ApiTokens::Id))
                    .col(big_integer(ApiTokens::AccountId))
                    .col(string_len(ApiTokens::Name, 80))
                    .col(string_len_uniq(ApiTokens::TokenHash, 64))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ApiTokens::Table, ApiTokens::AccountId)
                            .to(Accounts::Table, Accounts::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(big_pk_auto(AuditEvents::Id))
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(big_integer_null(AuditEvents::ActorId))
                    .col(string_len(AuditEvents::ActorName, 80))
                    .col(big_integer_null(AuditEvents::OrgId))
                    .col(string_len(AuditEvents::OrgPath, 400))
                    .col(string_len(AuditEvents::Action, 40))
                    .col(string_len(AuditEvents::Target, 400))
                    .col(text(AuditEvents::Detail))
                    .col(string_len(AuditEvents::Ip, 64))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_audit_path")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::OrgPath)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
