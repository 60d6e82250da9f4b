//! A small SMTP server for the delivery tests: a real protocol conversation on loopback
//! (greeting, EHLO, MAIL, RCPT, DATA with dot-unstuffing, RSET, QUIT), recording what it
//! accepts, and able to misbehave the ways real servers do.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

/// How the server treats the next conversations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Accept every message.
    Accept,
    /// Refuse every recipient with a permanent 550.
    RejectRecipients,
    /// Read the whole message, then drop the connection without answering.
    DropAfterData,
}

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// The envelope sender.
    pub from: String,
    /// The envelope recipients.
    pub to: Vec<String>,
    /// The message bytes as sent (dot-unstuffed, CRLF line ends).
    pub data: Vec<u8>,
}

/// The running server; it lives until the test process ends.
pub struct SmtpServer {
    /// Its port on 127.0.0.1.
    pub port: u16,
    mode: Arc<Mutex<Mode>>,
    received: Arc<Mutex<Vec<Received>>>,
    conversations: Arc<Mutex<usize>>,
}

impl SmtpServer {
    /// Listen on a free loopback port.
    pub fn start(mode: Mode) -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = SmtpServer {
            port,
            mode: Arc::new(Mutex::new(mode)),
            received: Arc::default(),
            conversations: Arc::default(),
        };
        let (mode, received, count) = (
            server.mode.clone(),
            server.received.clone(),
            server.conversations.clone(),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                *count.lock().unwrap() += 1;
                let (mode, received) = (*mode.lock().unwrap(), received.clone());
                std::thread::spawn(move || {
                    let _ = converse(stream, mode, &received);
                });
            }
        });
        server
    }

    /// Change how the next conversations go.
    pub fn set_mode(&self, mode: Mode) {
        *self.mode.lock().unwrap() = mode;
    }

    /// The messages accepted so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// Connections so far.
    pub fn conversations(&self) -> usize {
        *self.conversations.lock().unwrap()
    }
}

fn converse(stream: TcpStream, mode: Mode, received: &Mutex<Vec<Received>>) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut lines = BufReader::new(stream);
    out.write_all(b"220 localhost ESMTP spiegel-test\r\n")?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        let arg = |prefix: &str| {
            line[prefix.len()..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_matches(|c| c == '<' || c == '>')
                .to_string()
        };
        if upper.starts_with("EHLO") {
            out.write_all(b"250-localhost\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")?;
        } else if upper.starts_with("HELO") {
            out.write_all(b"250 localhost\r\n")?;
        } else if upper.starts_with("MAIL FROM:") {
            from = arg("MAIL FROM:");
            to.clear();
            out.write_all(b"250 2.1.0 OK\r\n")?;
        } else if upper.starts_with("RCPT TO:") {
            if mode == Mode::RejectRecipients {
                out.write_all(b"550 5.1.1 Recipient address rejected: mailbox unavailable\r\n")?;
            } else {
                to.push(arg("RCPT TO:"));
                out.write_all(b"250 2.1.5 OK\r\n")?;
            }
        } else if upper.starts_with("DATA") {
            if to.is_empty() {
                out.write_all(b"554 5.5.1 No valid recipients\r\n")?;
                continue;
            }
            out.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
            let mut data = Vec::new();
            loop {
                let mut l = Vec::new();
                if lines.read_until(b'\n', &mut l)? == 0 {
                    return Ok(());
                }
                if l == b".\r\n" {
                    break;
                }
                let l = if l.starts_with(b"..") {
                    &l[1..]
                } else {
                    &l[..]
                };
                data.extend_from_slice(l);
            }
            if mode == Mode::DropAfterData {
                // Hang up before answering: the client cannot know the message arrived.
                return Ok(());
            }
            received.lock().unwrap().push(Received {
                from: from.clone(),
                to: to.clone(),
                data,
            });
            out.write_all(b"250 2.0.0 OK queued\r\n")?;
        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
            out.write_all(b"250 2.0.0 OK\r\n")?;
        } else if upper.starts_with("QUIT") {
            out.write_all(b"221 2.0.0 Bye\r\n")?;
            return Ok(());
        } else {
            out.write_all(b"502 5.5.2 Command not recognized\r\n")?;
        }
    }
}
