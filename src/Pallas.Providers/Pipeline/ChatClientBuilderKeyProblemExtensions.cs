using Microsoft.Extensions.AI;
using Pallas.Providers.Errors;

namespace Pallas.Providers.Pipeline;

/// <summary>Adds <see cref="KeyProblemChatClient"/> to a <see cref="ChatClientBuilder"/> pipeline.</summary>
internal static class ChatClientBuilderKeyProblemExtensions
{
    /// <summary>Fails every call with <paramref name="problem"/>; adds nothing when the key is fine (<see langword="null"/>).</summary>
    public static ChatClientBuilder UseKeyProblem(this ChatClientBuilder builder, ProviderException? problem)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return problem is null ? builder : builder.Use(inner => new KeyProblemChatClient(inner, problem));
    }
}
