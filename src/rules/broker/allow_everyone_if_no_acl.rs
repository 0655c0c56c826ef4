use crate::diagnostic::Fix;
use crate::model::Role;
use crate::rules::{declare_rule, FileCtx, Rule, RuleMeta, Scope, Sink};

declare_rule! {
    /// ## What it does
    /// Flags `allow.everyone.if.no.acl.found=true` on a broker that runs an authorizer
    /// (`authorizer.class.name` set).
    /// ## Why it fails in production
    /// With this flag, any resource that has no ACL is open to every user, authenticated or not:
    /// a new topic, a consumer group or a transactional id is readable and writable by anyone
    /// until someone remembers to add ACLs. The authorizer only protects what was explicitly
    /// locked down, the opposite of what enabling it usually intends.
    /// ## Example
    /// ```properties,expect_diagnostic
    /// authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
    /// allow.everyone.if.no.acl.found=true
    /// super.users=User:admin
    /// ```
    /// ## Use instead
    /// ```properties
    /// authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
    /// super.users=User:admin
    /// ```
    /// ## Fix
    /// Unsafe: removes the flag (default `false`): clients without ACLs lose access, so add their
    /// ACLs first.
    /// ## Versions
    /// All (`SimpleAclAuthorizer`, `AclAuthorizer`, `StandardAuthorizer` read it). Without an
    /// authorizer the flag has no effect and is not reported.
    /// ## Source
    /// Kafka security docs, "Authorization and ACLs" (`allow.everyone.if.no.acl.found`);
    /// `kafka.security.authorizer.AclAuthorizer` / `StandardAuthorizer`.
    pub AllowEveryoneIfNoAcl {
        id: "broker/allow-everyone-if-no-acl",
        summary: "allow.everyone.if.no.acl.found=true opens every resource that has no ACL",
        severity: Warning,
        scope: Scope::File(&[Role::Broker]),
        versions: None => None,
        reads: ["allow.everyone.if.no.acl.found", "authorizer.class.name"],
        fix: Always,
        source: "Kafka security docs (Authorization and ACLs); AclAuthorizer / StandardAuthorizer",
    }
}

impl Rule for AllowEveryoneIfNoAcl {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check_file(&self, cx: &FileCtx<'_>, out: &mut Sink) {
        let Some(flag) = cx.explicit("allow.everyone.if.no.acl.found") else { return };
        if !flag.value.trim().eq_ignore_ascii_case("true") {
            return;
        }
        let Some(auth) = cx.explicit("authorizer.class.name") else { return };
        if auth.value.trim().is_empty() {
            return;
        }
        out.report(
            &META,
            cx.id,
            flag.value_span,
            "`allow.everyone.if.no.acl.found=true`: every topic, group and transactional id without an ACL is open to every user",
        )
        .key("allow.everyone.if.no.acl.found")
        .label(cx.id, auth.value_span, Some("authorizer.class.name"), "the authorizer is enabled here")
        .help("remove the flag and grant access with ACLs (`kafka-acls.sh`); keep administrators in `super.users`")
        .fix(Fix::unsafe_("Remove `allow.everyone.if.no.acl.found`", vec![cx.delete_entry(flag)]));
    }
}
