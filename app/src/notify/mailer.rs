//! The mail server Duo writes through (`DUO_SMTP_URL`, from `DUO_MAIL_FROM`): built once at
//! start and held by the server's state, so tests can point it at their own small SMTP server.
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long one SMTP exchange may take before it counts as failed (and is tried again later).
const SEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// A configured mail server and the sender's address.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// Where Duo is reached (`DUO_PUBLIC_URL`), for the links in emails.
    pub base_url: String,
}

impl Mailer {
    /// A mailer for `url` (`smtp://host:25`, `smtps://user:password@host`), from `from`.
    pub fn new(url: &str, from: &str, base_url: &str) -> Result<Mailer, String> {
        let from: Mailbox = from.parse().map_err(|e| format!("DUO_MAIL_FROM: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("DUO_SMTP_URL: {e}"))?
            .timeout(Some(SEND_TIMEOUT))
            .build();
        Ok(Mailer {
            transport,
            from,
            base_url: base_url.trim_end_matches('/').to_string(),
        })
    }

    /// The mailer the environment configures, if any: `DUO_SMTP_URL`, `DUO_MAIL_FROM` (default
    /// `Duo <no-reply@duo.example>`) and `DUO_PUBLIC_URL` (default `http://localhost:3000`).
    pub fn from_env() -> Option<Result<Mailer, String>> {
        let url = std::env::var("DUO_SMTP_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())?;
        let from =
            std::env::var("DUO_MAIL_FROM").unwrap_or_else(|_| "Duo <no-reply@duo.example>".into());
        let base =
            std::env::var("DUO_PUBLIC_URL").unwrap_or_else(|_| "http://localhost:3000".into());
        Some(Mailer::new(&url, &from, &base))
    }

    /// Sends a plain-text message. `message_id` (when given) names the message for good, so a
    /// message sent again after a crash between the send and its record is recognisably the
    /// same one.
    pub async fn send(
        &self,
        to: &str,
        subject: &str,
        text: String,
        message_id: Option<String>,
    ) -> Result<(), String> {
        let to: Mailbox = to.parse().map_err(|e| format!("recipient: {e}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN);
        if let Some(id) = message_id {
            builder = builder.message_id(Some(id));
        }
        let message = builder.body(text).map_err(|e| e.to_string())?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
