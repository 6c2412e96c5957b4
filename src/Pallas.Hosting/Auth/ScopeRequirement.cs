using Microsoft.AspNetCore.Authorization;

namespace Pallas.Hosting.Auth;

/// <summary>
/// Every configured scope must be granted, in the token's <c>scope</c> (space-separated, RFC 8693 §4.2) or
/// <c>scp</c> (a list or a string, as some issuers write it). Its own handler, like the framework's assertion requirement.
/// </summary>
internal sealed class ScopeRequirement(IReadOnlyList<string> scopes) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    /// <summary>The scopes a request needs, as the 403's <c>scope</c> parameter lists them.</summary>
    public IReadOnlyList<string> Scopes { get; } = scopes;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var granted = context.User.Claims
            .Where(claim => claim.Type is "scope" or "scp")
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToHashSet(StringComparer.Ordinal);
        if (requirement.Scopes.All(granted.Contains))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
