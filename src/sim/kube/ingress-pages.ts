/**
 * The answers ingress-nginx gives itself, byte for byte.
 *
 * Sources:
 * - kubernetes/ingress-nginx `rootfs/etc/nginx/template/nginx.tmpl`: without
 *   `--default-backend-service` (the Charmed Kubernetes DaemonSet sets none) the default
 *   server is "backend for when default-backend-service is not configured or it does not
 *   have endpoints" with `location / { return 404; }`; the same template writes
 *   `server_tokens off;` and `more_clear_headers Server;` unless `show-server-tokens` is
 *   true, and `internal/ingress/controller/config/config.go` defaults `ShowServerTokens`
 *   to false. So the page has the plain "nginx" footer and the answer has no Server header.
 * - nginx `src/http/ngx_http_special_response.c`: the page bodies (`ngx_http_error_404_page`,
 *   `_502_`, `_503_`, `_504_`) followed by `ngx_http_error_tail`, lines ending in CRLF, sent
 *   as `text/html`.
 * - An upstream with no endpoints (service missing or no Ready pod) is answered 503 by the
 *   controller's balancer; a refused upstream after its retries 502; an upstream that does not
 *   answer within `proxy-read-timeout` 504.
 */

const TITLES: Record<number, string> = {
  404: '404 Not Found',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

/** nginx's built-in error page for `status` (server_tokens off). */
export function nginxErrorPage(status: 404 | 502 | 503 | 504): string {
  const title = TITLES[status];
  return [
    '<html>',
    `<head><title>${title}</title></head>`,
    '<body>',
    `<center><h1>${title}</h1></center>`,
    '<hr><center>nginx</center>',
    '</body>',
    '</html>',
    '',
  ].join('\r\n');
}
