use std::io::Write;
use std::net::TcpListener;

fn main() {
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    let listener = TcpListener::bind(format!("0.0.0.0:{port}")).expect("bind");
    for stream in listener.incoming().flatten() {
        let mut stream = stream;
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 31\r\n\r\nhello from a multi-stage build\n");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn it_works() {
        assert_eq!(2 + 2, 4);
    }
}
