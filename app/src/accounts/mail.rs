//! Sending account links. With `DUO_SMTP_URL` set (for example
//! `smtps://user:password@smtp.example.org` or `smtp://relay.local:25`) links go out by SMTP
//! from `DUO_MAIL_FROM`; without it, or when sending fails, the link is written to the server
//! log so an administrator can hand it over (the admin page shows it too).

/// The text of a link's email in the three languages of the programme (the person's language
/// is not known yet).
fn body(purpose: &str, link: &str) -> (String, String) {
    match purpose {
        "invitation" => (
            "Duo — invitation / uitnodiging / invitation".to_string(),
            format!(
                "Bonjour,\n\nVous êtes invité·e sur Duo. Choisissez votre mot de passe ici (lien valable 7 jours, une seule fois) :\n{link}\n\n\
                 Goeddag,\n\nU bent uitgenodigd voor Duo. Kies hier uw wachtwoord (link 7 dagen geldig, eenmalig):\n{link}\n\n\
                 Hello,\n\nYou have been invited to Duo. Choose your password here (valid for 7 days, single use):\n{link}\n"
            ),
        ),
        _ => (
            "Duo — mot de passe / wachtwoord / password".to_string(),
            format!(
                "Pour choisir un nouveau mot de passe (lien valable une heure, une seule fois) :\n{link}\n\n\
                 Om een nieuw wachtwoord te kiezen (link een uur geldig, eenmalig):\n{link}\n\n\
                 To choose a new password (valid for one hour, single use):\n{link}\n\n\
                 Vous n'avez rien demandé ? Ignorez ce message. / Niets gevraagd? Negeer dit bericht. / Did not ask? Ignore this message.\n"
            ),
        ),
    }
}

/// Whether a mail server is configured.
pub fn configured() -> bool {
    std::env::var("DUO_SMTP_URL").is_ok_and(|v| !v.trim().is_empty())
}

/// Sends a link to `to`. Returns whether it was mailed. A link a staff member asked for is
/// written to the log when it was not mailed, for them to hand over; a link someone asked for
/// themselves never is (the log must not open accounts).
/// The log names the recipient's mail domain only, never the address.
pub async fn send_link(purpose: &str, to: &str, link: &str, log_if_unsent: bool) -> bool {
    let shown = if log_if_unsent { link } else { "(not logged)" };
    let to_domain = crate::domain::validation::email_domain(to);
    let Ok(url) = std::env::var("DUO_SMTP_URL") else {
        tracing::info!(
            purpose,
            to_domain,
            link = shown,
            "no mail server configured (DUO_SMTP_URL): hand this link over"
        );
        return false;
    };
    match send(&url, purpose, to, link).await {
        Ok(()) => {
            tracing::info!(purpose, to_domain, "account link sent by email");
            true
        }
        Err(error) => {
            tracing::warn!(purpose, to_domain, link = shown, %error, "sending the account link failed");
            false
        }
    }
}

async fn send(url: &str, purpose: &str, to: &str, link: &str) -> Result<(), String> {
    let from =
        std::env::var("DUO_MAIL_FROM").unwrap_or_else(|_| "Duo <no-reply@duo.example>".into());
    let (subject, text) = body(purpose, link);
    crate::notify::mailer::Mailer::new(url, &from, "")?
        .send(to, &subject, text, None)
        .await
}
