//! Pages of accounts: choosing a password from a link, asking for a reset, and administration
//! (invitations, accounts, the audit log, retention, a person's record).
use super::api::{
    forgot_password, invite_person, load_accounts, load_invitations, load_link, make_reset_link,
    revoke_invitation, set_account_disabled, use_account_link,
};
use super::{Account, Invitation, InvitationRequest, LinkCreated};
use crate::domain::reference::OFFICES;
use crate::error::AppError;
use crate::i18n::*;
use crate::model::Role;
use crate::privacy::api::{load_retention, run_retention, save_retention, search_audit};
use crate::privacy::{AuditEntry, AuditQuery};
use crate::texts::{error_message, office_name};
use crate::ui::show_error;
use crate::ui::CurrentUser;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

/// Routes `/welcome/:token` and `/reset/:token`: choose a password, then go in.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let info = crate::ui::load(token, load_link);
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let token = token();
        spawn_local(async move {
            match use_account_link(token, password.get_untracked(), confirm.get_untracked()).await {
                Ok(_) => crate::ui::reload_at("/"),
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <section class="signin">
            <div class="signin-card">
                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
                    {move || Suspend::new(async move {
                        match info.await {
                            Err(e) => view! {
                                <h1>{t!(i18n, account.reset_title)}</h1>
                                <p class="form-error" role="alert">{move || error_message(i18n.get_locale(), &e)}</p>
                                <a href="/forgot" class="button">{t!(i18n, account.forgot_link)}</a>
                            }
                                .into_any(),
                            Ok(link) => {
                                let welcome = link.purpose == "invitation";
                                view! {
                                    <h1>{move || if welcome { t_string!(i18n, account.welcome_title) } else { t_string!(i18n, account.reset_title) }}</h1>
                                    <p class="muted">{move || if welcome { t_string!(i18n, account.welcome_intro) } else { t_string!(i18n, account.reset_intro) }}</p>
                                    <form class="form" on:submit=submit>
                                        <label for="email">{t!(i18n, email)}</label>
                                        <input id="email" type="email" autocomplete="username" value=link.email.clone() readonly/>
                                        <label for="new-password">{t!(i18n, account.new_password)}</label>
                                        <input id="new-password" type="password" autocomplete="new-password" required
                                            on:input=move |ev| password.set(event_target_value(&ev))/>
                                        <p class="muted small">{move || t_string!(i18n, account.password_hint, min = crate::domain::validation::PASSWORD_MIN)}</p>
                                        <label for="confirm-password">{t!(i18n, account.confirm_password)}</label>
                                        <input id="confirm-password" type="password" autocomplete="new-password" required
                                            on:input=move |ev| confirm.set(event_target_value(&ev))/>
                                        {show_error(error)}
                                        <button type="submit" class="button primary" disabled=move || busy.get()>{t!(i18n, account.save_password)}</button>
                                    </form>
                                }
                                    .into_any()
                            }
                        }
                    })}
                </Suspense>
            </div>
        </section>
    }
}

/// Route `/forgot`: ask for a password-reset link.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            match forgot_password(email.get_untracked()).await {
                Ok(()) => {
                    sent.set(true);
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="signin">
            <div class="signin-card">
                <h1>{t!(i18n, account.forgot_title)}</h1>
                <Show
                    when=move || sent.get()
                    fallback=move || view! {
                        <p class="muted">{t!(i18n, account.forgot_intro)}</p>
                        <form class="form" on:submit=submit>
                            <label for="email">{t!(i18n, email)}</label>
                            <input id="email" type="email" autocomplete="username" required
                                on:input=move |ev| email.set(event_target_value(&ev))/>
                            {show_error(error)}
                            <button type="submit" class="button primary">{t!(i18n, account.send_reset)}</button>
                        </form>
                    }
                >
                    <p role="status">{t!(i18n, account.reset_sent)}</p>
                </Show>
            </div>
        </section>
    }
}

/// A role's name.
pub fn role_name(locale: Locale, role: Role) -> String {
    match role {
        Role::Admin => td_string!(locale, admin.role_admin),
        Role::Hq => td_string!(locale, admin.role_hq),
        Role::Coordinator => td_string!(locale, admin.role_coordinator),
        Role::Mentor => td_string!(locale, admin.role_mentor),
    }
    .to_string()
}

/// Route `/admin`: invitations, accounts, a person's record, the audit log and retention.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let CurrentUser(user) = expect_context::<CurrentUser>();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match user.await.ok().flatten() {
                    Some(me) if me.role == Role::Admin => {
                        provide_context(InvitationsChanged(RwSignal::new(0)));
                        view! {
                        <section class="admin">
                            <h1>{t!(i18n, admin.title)}</h1>
                            <InvitePanel/>
                            <InvitationsPanel/>
                            <AccountsPanel me=me.id.clone()/>
                            <PersonLookup/>
                            <AuditPanel/>
                            <crate::notify::sent_view::SentNoticesPanel/>
                            <RetentionPanel/>
                        </section>
                        }
                        .into_any()
                    }
                    Some(_) => view! { <p class="error" role="alert">{move || error_message(i18n.get_locale(), &AppError::Forbidden)}</p> }.into_any(),
                    None => view! { <leptos_router::components::Redirect path="/login"/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// A link just created, shown once with what to do with it.
#[component]
pub fn LinkShown(link: LinkCreated, heading: String) -> impl IntoView {
    let i18n = use_i18n();
    let mailed = link.mailed;
    view! {
        <div class="link-created" role="status">
            <p>{heading}</p>
            <p><code class="link" data-link=link.link.clone()>{link.link.clone()}</code></p>
            <p class="muted">{move || if mailed { t_string!(i18n, admin.link_mailed) } else { t_string!(i18n, admin.link_not_mailed) }}</p>
        </div>
    }
}

#[component]
fn InvitePanel() -> impl IntoView {
    let i18n = use_i18n();
    let (email, name, role, mentor) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("coordinator".to_string()),
        RwSignal::new(String::new()),
    );
    let offices = RwSignal::new(Vec::<String>::new());
    let created = RwSignal::new(None::<LinkCreated>);
    let error = RwSignal::new(None::<AppError>);
    // Read while the component is built: the task below runs outside it.
    let changed = use_context::<InvitationsChanged>();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let request = InvitationRequest {
            email: email.get_untracked(),
            role: role.get_untracked(),
            offices: offices.get_untracked(),
            mentor: Some(mentor.get_untracked()),
            name: Some(name.get_untracked()),
        };
        spawn_local(async move {
            match invite_person(request).await {
                Ok(link) => {
                    created.set(Some(link));
                    error.set(None);
                    if let Some(InvitationsChanged(n)) = changed {
                        n.update(|v| *v += 1);
                    }
                }
                Err(e) => {
                    created.set(None);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="invite-title">
            <h2 id="invite-title">{t!(i18n, admin.invite_title)}</h2>
            <p class="muted">{t!(i18n, admin.invite_intro)}</p>
            <form class="grid-form" on:submit=submit>
                <label>{t!(i18n, fields.email)}
                    <input type="email" required maxlength="254" on:input=move |ev| email.set(event_target_value(&ev))/>
                </label>
                <label>{t!(i18n, fields.name)}
                    <input type="text" maxlength="80" on:input=move |ev| name.set(event_target_value(&ev))/>
                </label>
                <label>{t!(i18n, fields.role)}
                    <select on:change=move |ev| role.set(event_target_value(&ev))>
                        {[Role::Coordinator, Role::Mentor, Role::Hq, Role::Admin]
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str() selected=r == Role::Coordinator>{move || role_name(i18n.get_locale(), r)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <fieldset class="checks">
                    <legend>{t!(i18n, fields.offices)}</legend>
                    {OFFICES
                        .iter()
                        .map(|o| {
                            let slug = o.to_string();
                            view! {
                                <label class="check">
                                    <input type="checkbox" value=*o on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        let slug = slug.clone();
                                        offices.update(|list| {
                                            list.retain(|x| *x != slug);
                                            if on {
                                                list.push(slug);
                                            }
                                        });
                                    }/>
                                    {move || office_name(i18n.get_locale(), o)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <Show when=move || role.get() == "mentor">
                    <label>{t!(i18n, admin.mentor_record)}
                        <input type="text" maxlength="64" on:input=move |ev| mentor.set(event_target_value(&ev))/>
                    </label>
                </Show>
                <button type="submit" class="button primary">{t!(i18n, admin.invite_send)}</button>
            </form>
            {show_error(error)}
            {move || created.get().map(|link| {
                let heading = t_string!(i18n, admin.invite_created, email = link.email.clone()).to_string();
                view! { <LinkShown link heading/> }
            })}
        </section>
    }
}

/// Bumped when an invitation is made, so the list of invitations reads again.
#[derive(Clone, Copy)]
struct InvitationsChanged(RwSignal<u32>);

/// Recent invitations with where each stands; a waiting one can be revoked.
#[component]
fn InvitationsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let list = RwSignal::new(Vec::<Invitation>::new());
    let error = RwSignal::new(None::<AppError>);
    let changed = use_context::<InvitationsChanged>()
        .map(|InvitationsChanged(n)| n)
        .unwrap_or_else(|| RwSignal::new(0));
    Effect::new(move |_| {
        changed.track();
        spawn_local(async move {
            match load_invitations().await {
                Ok(l) => list.set(l),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let revoke = move |id: String| {
        spawn_local(async move {
            match revoke_invitation(id).await {
                Ok(_) => changed.update(|v| *v += 1),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="invitations-title">
            <h2 id="invitations-title">{t!(i18n, admin.invitations_title)}</h2>
            {show_error(error)}
            <Show
                when=move || !list.get().is_empty()
                fallback=move || view! { <p class="muted">{t!(i18n, admin.no_invitations)}</p> }
            >
                // Keyboard users scroll a wide table on a phone too.
                <div class="table-wrap" tabindex="0">
                    <table class="invitations">
                        <thead>
                            <tr>
                                <th>{t!(i18n, fields.email)}</th>
                                <th>{t!(i18n, fields.role)}</th>
                                <th>{t!(i18n, admin.expires)}</th>
                                <th>{t!(i18n, admin.status)}</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>
                            <For each=move || list.get() key=|i| format!("{}{}", i.id, i.status) let(i)>
                                {
                                    let id = i.id.clone();
                                    let pending = i.status == "pending";
                                    let status = i.status.clone();
                                    let role = Role::parse(&i.role);
                                    let expires = i.expires_at.get(..10).unwrap_or(&i.expires_at).to_string();
                                    view! {
                                        <tr data-invitation=i.email.clone() data-status=i.status.clone()>
                                            <td>{i.email.clone()}</td>
                                            <td>{move || role.map(|r| role_name(i18n.get_locale(), r)).unwrap_or_default()}</td>
                                            <td>{move || crate::texts::date_text(i18n.get_locale(), &expires)}</td>
                                            <td>{move || match status.as_str() {
                                                "pending" => t_string!(i18n, admin.status_pending),
                                                "accepted" => t_string!(i18n, admin.status_accepted),
                                                _ => t_string!(i18n, admin.status_expired),
                                            }}</td>
                                            <td class="actions">
                                                <Show when=move || pending>
                                                    <button type="button" class="button small" on:click={
                                                        let id = id.clone();
                                                        move |_| revoke(id.clone())
                                                    }>{t!(i18n, admin.revoke)}</button>
                                                </Show>
                                            </td>
                                        </tr>
                                    }
                                }
                            </For>
                        </tbody>
                    </table>
                </div>
            </Show>
        </section>
    }
}

#[component]
fn AccountsPanel(me: String) -> impl IntoView {
    let i18n = use_i18n();
    let accounts = RwSignal::new(Vec::<Account>::new());
    let error = RwSignal::new(None::<AppError>);
    let reset = RwSignal::new(None::<LinkCreated>);
    Effect::new(move |_| {
        spawn_local(async move {
            match load_accounts().await {
                Ok(list) => accounts.set(list),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let toggle = move |id: String, disabled: bool| {
        spawn_local(async move {
            match set_account_disabled(id, disabled).await {
                Ok(changed) => accounts.update(|list| {
                    if let Some(a) = list.iter_mut().find(|a| a.id == changed.id) {
                        *a = changed;
                    }
                }),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let make_reset = move |id: String| {
        spawn_local(async move {
            match make_reset_link(id).await {
                Ok(link) => reset.set(Some(link)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="accounts-title">
            <h2 id="accounts-title">{t!(i18n, admin.users_title)}</h2>
            {show_error(error)}
            {move || reset.get().map(|link| {
                let heading = t_string!(i18n, admin.reset_created, email = link.email.clone()).to_string();
                view! { <LinkShown link heading/> }
            })}
            // Keyboard users scroll a wide table on a phone too.
                <div class="table-wrap" tabindex="0">
                <table class="accounts">
                    <thead>
                        <tr>
                            <th>{t!(i18n, fields.email)}</th>
                            <th>{t!(i18n, fields.name)}</th>
                            <th>{t!(i18n, fields.role)}</th>
                            <th>{t!(i18n, fields.offices)}</th>
                            <th>{t!(i18n, admin.status)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || accounts.get() key=|a| format!("{}{}", a.id, a.disabled) let(a)>
                            {
                                let id = a.id.clone();
                                let id2 = a.id.clone();
                                let disabled = a.disabled;
                                let itself = a.id == me;
                                let offices = a.offices.clone();
                                view! {
                                    <tr data-account=a.email.clone() data-disabled=disabled.to_string()>
                                        <td>{a.email.clone()}</td>
                                        <td>{a.display_name.clone()}</td>
                                        <td>{move || role_name(i18n.get_locale(), a.role)}</td>
                                        <td>{move || offices.iter().map(|o| office_name(i18n.get_locale(), o)).collect::<Vec<_>>().join(", ")}</td>
                                        <td>{move || if disabled { t_string!(i18n, admin.disabled) } else { t_string!(i18n, admin.active) }}</td>
                                        <td class="actions">
                                            <Show when=move || !itself>
                                                <button type="button" class="button small" on:click={
                                                    let id = id.clone();
                                                    move |_| toggle(id.clone(), !disabled)
                                                }>
                                                    {move || if disabled { t_string!(i18n, admin.enable) } else { t_string!(i18n, admin.disable) }}
                                                </button>
                                            </Show>
                                            <button type="button" class="button small" on:click={
                                                let id = id2.clone();
                                                move |_| make_reset(id.clone())
                                            }>{t!(i18n, admin.reset_link)}</button>
                                        </td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn PersonLookup() -> impl IntoView {
    let i18n = use_i18n();
    let id = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let target: String = id
            .get_untracked()
            .trim()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '_' | '-'))
            .collect();
        if !target.is_empty() {
            let navigate = leptos_router::hooks::use_navigate();
            navigate(&format!("/people/{target}"), Default::default());
        }
    };
    view! {
        <section class="panel" aria-labelledby="lookup-title">
            <h2 id="lookup-title">{t!(i18n, admin.person_lookup)}</h2>
            <form class="inline-form" on:submit=submit>
                <input type="text" maxlength="80" aria-label=move || t_string!(i18n, admin.person_id)
                    placeholder="mentee:…" on:input=move |ev| id.set(event_target_value(&ev))/>
                <button type="submit" class="button">{t!(i18n, admin.open)}</button>
            </form>
        </section>
    }
}

#[component]
fn AuditPanel() -> impl IntoView {
    let i18n = use_i18n();
    // The newest fifty at first; a search narrows it down.
    let query = RwSignal::new(AuditQuery {
        limit: Some(50),
        ..AuditQuery::default()
    });
    let entries = RwSignal::new(None::<Vec<AuditEntry>>);
    let error = RwSignal::new(None::<AppError>);
    let search = move || {
        let q = query.get_untracked();
        spawn_local(async move {
            match search_audit(q).await {
                Ok(list) => {
                    entries.set(Some(list));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    Effect::new(move |_| search());
    let set = move |f: fn(&mut AuditQuery, Option<String>)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            query.update(|q| f(q, Some(v).filter(|v| !v.trim().is_empty())));
        }
    };
    view! {
        <section class="panel" aria-labelledby="audit-title">
            <h2 id="audit-title">{t!(i18n, admin.audit_title)}</h2>
            <p class="muted">{t!(i18n, admin.audit_intro)}</p>
            <form class="grid-form" on:submit=move |ev| { ev.prevent_default(); search(); }>
                <label>{t!(i18n, admin.audit_record)}<input type="text" maxlength="80" name="record" on:input=set(|q, v| q.record = v)/></label>
                <label>{t!(i18n, admin.audit_actor)}<input type="text" maxlength="254" name="actor" on:input=set(|q, v| q.actor = v)/></label>
                <label>{t!(i18n, admin.audit_action)}<input type="text" maxlength="40" name="action" on:input=set(|q, v| q.action = v)/></label>
                <label>{t!(i18n, admin.audit_from)}<input type="date" name="from" on:input=set(|q, v| q.from = v)/></label>
                <label>{t!(i18n, admin.audit_to)}<input type="date" name="to" on:input=set(|q, v| q.to = v)/></label>
                <button type="submit" class="button">{t!(i18n, admin.audit_search)}</button>
            </form>
            {show_error(error)}
            {move || entries.get().map(|list| {
                if list.is_empty() {
                    return view! { <p class="muted">{t!(i18n, admin.audit_none)}</p> }.into_any();
                }
                view! {
                    // Keyboard users scroll a wide table on a phone too.
                <div class="table-wrap" tabindex="0">
                        <table class="audit">
                            <thead>
                                <tr>
                                    <th>{t!(i18n, admin.audit_when)}</th>
                                    <th>{t!(i18n, fields.actor)}</th>
                                    <th>{t!(i18n, fields.role)}</th>
                                    <th>{t!(i18n, admin.audit_action)}</th>
                                    <th>{t!(i18n, fields.record)}</th>
                                    <th>{t!(i18n, admin.audit_fields)}</th>
                                    <th>{t!(i18n, admin.audit_address)}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|e| view! {
                                        <tr data-audit=e.action.clone()>
                                            <td>{e.at.replace('T', " ").trim_end_matches('Z').to_string()}</td>
                                            <td>{e.actor_email.clone().unwrap_or_else(|| e.role.clone())}</td>
                                            <td>{
                                                let role = e.role.clone();
                                                move || Role::parse(&role)
                                                    .map(|r| role_name(i18n.get_locale(), r))
                                                    .unwrap_or_else(|| role.clone())
                                            }</td>
                                            <td>{e.action.clone()}</td>
                                            <td><a href=format!("/people/{}", e.record)>{e.record.clone()}</a></td>
                                            <td>{e.fields.join(", ")}</td>
                                            <td>{e.from.clone()}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            })}
        </section>
    }
}

#[component]
fn RetentionPanel() -> impl IntoView {
    let i18n = use_i18n();
    let months = RwSignal::new(String::new());
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    Effect::new(move |_| {
        spawn_local(async move {
            match load_retention().await {
                Ok(r) => months.set(r.months.to_string()),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = months.get_untracked().trim().parse::<i64>().unwrap_or(-1);
        spawn_local(async move {
            match save_retention(value).await {
                Ok(r) => {
                    months.set(r.months.to_string());
                    message.set(Some(t_string!(i18n, admin.saved).to_string()));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let run = move |_| {
        spawn_local(async move {
            match run_retention().await {
                Ok(report) => {
                    message.set(Some(
                        t_string!(i18n, admin.retention_done, count = report.anonymised)
                            .to_string(),
                    ));
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="retention-title">
            <h2 id="retention-title">{t!(i18n, admin.retention_title)}</h2>
            <p class="muted">{t!(i18n, admin.retention_intro)}</p>
            <form class="inline-form" on:submit=save>
                <label>{t!(i18n, admin.retention_months)}
                    <input type="number" min="1" max="120" required prop:value=move || months.get()
                        on:input=move |ev| months.set(event_target_value(&ev))/>
                </label>
                <button type="submit" class="button">{t!(i18n, admin.save)}</button>
                <button type="button" class="button" on:click=run>{t!(i18n, admin.retention_run)}</button>
            </form>
            {move || message.get().map(|m| view! { <p role="status">{m}</p> })}
            {show_error(error)}
        </section>
    }
}
