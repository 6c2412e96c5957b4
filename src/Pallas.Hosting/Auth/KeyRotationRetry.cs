using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Pallas.Hosting.Auth;

/// <summary>
/// Lets the first token signed with an issuer's new key through. When a token names a key it does not know,
/// JwtBearer asks its configuration manager for a refetch, which runs in the background, and fails that request:
/// every caller would see one 401 after each rotation. This waits briefly for the refetch and validates the token
/// once more against the new keys, with the same handler and parameters.
/// </summary>
internal static class KeyRotationRetry
{
    // A refetch is one request to the issuer; a token whose key is still unknown after this is refused (a forged kid waits too, which costs only it).
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(25);

    public static async Task OnAuthenticationFailedAsync(AuthenticationFailedContext context)
    {
        if (context.Exception is not SecurityTokenSignatureKeyNotFoundException
            || context.Options.ConfigurationManager is not { } manager
            || BearerToken.From(context.Request.Headers.Authorization.ToString()) is not { } token)
        {
            return;
        }

        var cancellation = context.HttpContext.RequestAborted;
        var stale = await manager.GetConfigurationAsync(cancellation);
        var fresh = stale;
        for (var waited = TimeSpan.Zero; ReferenceEquals(fresh, stale) && waited < Wait; waited += PollDelay)
        {
            await Task.Delay(PollDelay, cancellation);
            fresh = await manager.GetConfigurationAsync(cancellation);
        }

        if (ReferenceEquals(fresh, stale))
        {
            return;
        }

        var parameters = context.Options.TokenValidationParameters.Clone();
        parameters.IssuerSigningKeys = fresh.SigningKeys;
        foreach (var handler in context.Options.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, parameters);
            if (result.IsValid)
            {
                context.Principal = new ClaimsPrincipal(result.ClaimsIdentity);
                context.Success();
                return;
            }
        }
    }
}
