namespace Scanner.Engine.Alerts;

/// <summary>The payload shapes a webhook can take: our own JSON, or a chat robot's.</summary>
public enum WebhookKind
{
    Generic,
    /// <summary>企业微信 group robot (qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…).</summary>
    WeCom,
    /// <summary>钉钉 custom robot (oapi.dingtalk.com/robot/send?access_token=…).</summary>
    DingTalk,
    /// <summary>飞书 / Lark custom bot (open.feishu.cn/open-apis/bot/v2/hook/…).</summary>
    Feishu,
    /// <summary>Slack incoming webhook (hooks.slack.com/services/…).</summary>
    Slack,
}

/// <summary>
/// A --notify URL and the shape of what is posted to it: given as <c>TYPE:URL</c> (<c>wecom:</c>, <c>dingtalk:</c>,
/// <c>feishu:</c>, <c>slack:</c>, <c>generic:</c>), else chosen by the URL's host (a relay or proxy in front of a robot
/// needs the TYPE). <see cref="Redacted"/> is the only form of the URL that may be logged or reported: robots' tokens
/// sit in the query (key=, access_token=) or in the path (Slack, Feishu).
/// </summary>
public sealed record WebhookTarget(Uri Url, WebhookKind Kind)
{
    private static readonly Dictionary<string, WebhookKind> Prefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["generic"] = WebhookKind.Generic, ["wecom"] = WebhookKind.WeCom, ["wechat"] = WebhookKind.WeCom, ["dingtalk"] = WebhookKind.DingTalk,
        ["feishu"] = WebhookKind.Feishu, ["lark"] = WebhookKind.Feishu, ["slack"] = WebhookKind.Slack,
    };

    /// <exception cref="ArgumentException">Not an http(s) URL, or an unknown TYPE.</exception>
    public static WebhookTarget Parse(string text, string? type = null)
    {
        var value = text.Trim();
        var colon = value.IndexOf(':');
        if (type is null && colon > 0 && Prefixes.ContainsKey(value[..colon]))
        {
            type = value[..colon];
            value = value[(colon + 1)..];
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"--notify: '{RedactText(value)}' is not an http(s) URL (give URL or TYPE:URL, TYPE one of {string.Join(", ", Prefixes.Keys)}).");
        if (type is null) return new WebhookTarget(url, ByHost(url.Host));
        return Prefixes.TryGetValue(type, out var kind) ? new WebhookTarget(url, kind)
            : throw new ArgumentException($"--notify: unknown type '{type}' (use one of {string.Join(", ", Prefixes.Keys)}).");
    }

    public static WebhookKind ByHost(string host) => host.ToLowerInvariant() switch
    {
        "qyapi.weixin.qq.com" => WebhookKind.WeCom,
        "oapi.dingtalk.com" => WebhookKind.DingTalk,
        "open.feishu.cn" or "open.larksuite.com" => WebhookKind.Feishu,
        "hooks.slack.com" => WebhookKind.Slack,
        _ => WebhookKind.Generic,
    };

    /// <summary>Scheme, host and port only, the path shortened and every query value hidden: safe for logs and reports.</summary>
    public string Redacted => Redact(Url);

    public static string Redact(Uri url)
    {
        var path = url.AbsolutePath.Length > 1 ? "/…" : "";
        var query = url.Query.Length > 1
            ? "?" + string.Join("&", url.Query[1..].Split('&').Select(p => p.Split('=', 2)[0] + "=***"))
            : "";
        return $"{url.Scheme}://{url.Authority}{path}{query}";
    }

    private static string RedactText(string text) => Uri.TryCreate(text, UriKind.Absolute, out var u) ? Redact(u) : "(not a URL)";
}
