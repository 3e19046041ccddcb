"""A throwaway WordPress site from Debian's packages, for tests/test_oembed.py (issue 14).

Nothing is downloaded: Debian's `wordpress` package (in /usr/share/wordpress), its MariaDB
server and PHP's command line. `start(folder)`:

1. makes a private MariaDB in `folder/db` (its own data directory and socket, no TCP port,
   run as root with `--user=root`, stopped by `stop()`);
2. writes `folder/wp-config.php` for a site at http://127.0.0.1 using that database (Debian's
   own /usr/share/wordpress/wp-config.php reads /etc/wordpress/config-<host>.php, which a
   test must not touch, so ours is a plain WordPress config that loads the same wp-settings.php);
3. installs the site with the PHP CLI: wp-admin/includes/upgrade.php and `wp_install()`.

`WordPress.oembed_get(url)` then runs WordPress's own `wp_oembed_get()` on a URL: discovery of
the page's `<link rel="alternate" type="application/json+oembed">`, the fetch of that JSON,
and the filtering WordPress applies to a provider it does not know (`wp_filter_oembed_result`).

WordPress refuses to fetch from loopback addresses and unusual ports (`wp_http_validate_url`).
Only inside that one PHP script, and only for 127.0.0.1 and the test servers' ports, the
refusal is lifted with WordPress's documented filters `http_request_host_is_external` and
`http_allowed_safe_ports`.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

WORDPRESS = Path(os.environ.get("WORDPRESS_DIR", "/usr/share/wordpress"))
WP_EMBED_JS = WORDPRESS / "wp-includes" / "js" / "wp-embed.js"
BLOCK_LIBRARY_CSS = WORDPRESS / "wp-includes" / "css" / "dist" / "block-library" / "style.min.css"
PACKAGES = "wordpress mariadb-server php-cli php-mysql"
INSTALL_HINT = (f"install Debian's packages with `sudo apt-get install --no-install-recommends {PACKAGES}` "
                "(.ci/run does this)")
#: Generous: a busy CI machine may take a while to create and start a database.
DEADLINE_SECONDS = 180

CONFIG = """<?php
// A throwaway WordPress site for tests/test_oembed.py: Debian's WordPress, a private database.
define('DB_NAME', 'wordpress');
define('DB_USER', 'root');
define('DB_PASSWORD', '');
define('DB_HOST', 'localhost:' . {socket});
define('DB_CHARSET', 'utf8mb4');
define('WP_HOME', {home});
define('WP_SITEURL', {home});
define('WP_CONTENT_DIR', {content});
define('ABSPATH', {abspath});
define('WP_DEBUG', false);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
$table_prefix = 'wp_';
if (empty($_SERVER['HTTP_HOST'])) {{ $_SERVER['HTTP_HOST'] = parse_url(WP_HOME, PHP_URL_HOST); }}
require_once ABSPATH . 'wp-settings.php';
"""

INSTALL = """<?php
define('WP_INSTALLING', true);
require __DIR__ . '/wp-config.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$result = wp_install('A clinic', 'admin', 'admin@example.org', false, '', wp_generate_password(24));
echo json_encode(array('siteurl' => get_option('siteurl'), 'user_id' => $result['user_id'])), "\\n";
"""

OEMBED = """<?php
require __DIR__ . '/wp-config.php';
// Test only: let WordPress fetch from our loopback servers (see the module's docstring).
$ports = array_map('intval', explode(',', getenv('IPT_TEST_PORTS')));
add_filter('http_request_host_is_external', function ($external, $host) {
    return $external || $host === '127.0.0.1';
}, 10, 2);
add_filter('http_allowed_safe_ports', function ($allowed, $host) use ($ports) {
    return $host === '127.0.0.1' ? array_merge($allowed, $ports) : $allowed;
}, 10, 2);
$url = $argv[1];
$oembed = _wp_oembed_get_object();
$provider = $oembed->get_provider($url);          // discovery: the page's <link rel="alternate">
$data = $provider ? $oembed->fetch($provider, $url) : false;
$html = wp_oembed_get($url);                       // what an editor's pasted link becomes
echo json_encode(array('provider' => $provider, 'data' => $data, 'html' => $html)), "\\n";
"""


def missing() -> list[str]:
    """What this machine lacks to run the WordPress tests ([] when nothing)."""
    out = []
    if not (WORDPRESS / "wp-includes" / "embed.php").is_file() or not WP_EMBED_JS.is_file():
        out.append(f"WordPress in {WORDPRESS}")
    for tool in ("php", "mariadbd", "mariadb-install-db", "mariadb-admin", "mariadb"):
        if not which(tool):
            out.append(tool)
    if which("php") and "mysqli" not in subprocess.run([which("php"), "-m"], capture_output=True, text=True).stdout:
        out.append("PHP's mysqli extension (php-mysql)")
    return out


def which(tool: str) -> str | None:
    return shutil.which(tool) or shutil.which(tool, path="/usr/sbin:/usr/bin:/sbin:/bin")


def php_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid PHP double-quoted string here (no $ in paths)


@dataclass
class WordPress:
    dir: Path
    database: subprocess.Popen
    ports: list[int]

    def run(self, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        path = self.dir / script
        env = dict(os.environ, IPT_TEST_PORTS=",".join(map(str, self.ports)))
        return subprocess.run([which("php"), str(path), *args], cwd=self.dir, env=env,
                              capture_output=True, text=True, timeout=DEADLINE_SECONDS)

    def oembed_get(self, url: str) -> dict:
        """{"provider": discovered oEmbed URL or False, "data": the parsed response, "html": ...}."""
        result = self.run("oembed.php", url)
        assert result.returncode == 0, f"php oembed.php {url} failed:\n{result.stdout}\n{result.stderr}"
        return json.loads(result.stdout.strip().splitlines()[-1])

    def stop(self) -> None:
        if self.database.poll() is None:
            self.database.terminate()
            try:
                self.database.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.database.kill()
                self.database.wait()


def _wait_for_database(process: subprocess.Popen, socket: Path, log: Path) -> None:
    """Poll until the server answers on its socket (or has exited: then say why)."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    ping = [which("mariadb-admin"), "--no-defaults", f"--socket={socket}", "-uroot", "ping"]
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"mariadbd exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        if socket.exists() and subprocess.run(ping, capture_output=True).returncode == 0:
            return
        time.sleep(0.1)
    raise RuntimeError(f"mariadbd did not answer within {DEADLINE_SECONDS} s:\n{log.read_text(errors='replace')[-3000:]}")


def start(folder: Path, home: str, ports: list[int]) -> WordPress:
    """A database and an installed WordPress site in `folder`; call `.stop()` when done."""
    folder.mkdir(parents=True, exist_ok=True)
    data, socket, log = folder / "db", folder / "db.sock", folder / "db.log"
    setup = subprocess.run([which("mariadb-install-db"), "--no-defaults", f"--datadir={data}", "--user=root",
                            "--auth-root-authentication-method=normal", "--skip-test-db"],
                           capture_output=True, text=True, timeout=DEADLINE_SECONDS)
    assert setup.returncode == 0, f"mariadb-install-db failed:\n{setup.stdout}\n{setup.stderr}"
    database = subprocess.Popen(
        [which("mariadbd"), "--no-defaults", f"--datadir={data}", f"--socket={socket}",
         f"--pid-file={folder / 'db.pid'}", f"--log-error={log}", "--skip-networking", "--user=root",
         "--innodb-buffer-pool-size=16M", "--skip-log-bin"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    site = WordPress(dir=folder, database=database, ports=ports)
    try:
        _wait_for_database(database, socket, log)
        create = subprocess.run([which("mariadb"), "--no-defaults", f"--socket={socket}", "-uroot",
                                 "-e", "CREATE DATABASE wordpress"], capture_output=True, text=True)
        assert create.returncode == 0, create.stderr
        (folder / "wp-content").mkdir(exist_ok=True)
        (folder / "wp-config.php").write_text(CONFIG.format(
            socket=php_string(str(socket)), home=php_string(home.rstrip("/")),
            content=php_string(str(folder / "wp-content")), abspath=php_string(str(WORDPRESS) + "/")))
        (folder / "install.php").write_text(INSTALL)
        (folder / "oembed.php").write_text(OEMBED)
        installed = site.run("install.php")
        assert installed.returncode == 0 and '"user_id":1' in installed.stdout, \
            f"wp_install() failed:\n{installed.stdout}\n{installed.stderr}"
    except BaseException:
        site.stop()
        raise
    return site
