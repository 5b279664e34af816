using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Piazza.Client.Hosting;

/// <summary>
/// Every request, the Blazor hub included, needs the token: either <c>?token=</c> (which sets an
/// HttpOnly SameSite=Strict cookie and redirects to the clean URL) or that cookie. Anything else is 403.
/// </summary>
internal sealed class TokenGate(RequestDelegate next, AccessToken token, IHostApplicationLifetime lifetime, ILogger<TokenGate> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Pages reconnecting while the app stops would only hold the shutdown up; they show "closed" instead.
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.Connection = "close";
            return;
        }

        if (request.Query.TryGetValue(AccessToken.QueryName, out var offered))
        {
            if (token.Matches(offered.ToString()))
            {
                context.Response.Cookies.Append(token.CookieName, token.Value, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Secure = false,
                    Path = "/",
                    IsEssential = true,
                });
                context.Response.Headers.CacheControl = "no-store";
                context.Response.Redirect(CleanUrl(request));
                return;
            }
        }
        else if (token.Matches(request.Cookies[token.CookieName]))
        {
            await next(context);
            return;
        }

        Log.RequestRefused(logger, request.Method, request.Path.Value ?? "/");
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(
            "Piazza: this address needs the token from the link printed in the terminal where Piazza started.\n",
            context.RequestAborted);
    }

    private static string CleanUrl(HttpRequest request)
    {
        var rest = new QueryBuilder(request.Query
            .Where(kv => !string.Equals(kv.Key, AccessToken.QueryName, StringComparison.Ordinal))
            .SelectMany(kv => kv.Value.Select(v => new KeyValuePair<string, string>(kv.Key, v ?? ""))));
        return request.PathBase + request.Path + rest.ToQueryString();
    }
}
