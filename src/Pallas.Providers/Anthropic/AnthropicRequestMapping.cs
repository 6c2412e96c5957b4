using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using Pallas.Configuration.Models;

namespace Pallas.Providers.Anthropic;

/// <summary>Turns the caller's <see cref="ChatOptions"/> into the options the SDK adapter is given.</summary>
internal static class AnthropicRequestMapping
{
    private static readonly Dictionary<string, JsonElement> NoData = [];

    /// <summary>
    /// Bounds the output tokens, turns the model string's reasoning level into thinking (never on Mantle), routes
    /// sampling parameters (the SDK's typed request has no temperature/top_p/top_k, so models that accept them get
    /// them through the raw body; Claude Opus 4.7 never gets them) and, off Mantle, turns on automatic prompt caching.
    /// </summary>
    /// <param name="options">The call's options, already a copy (<c>ConfigureOptions</c> clones them): changed in place.</param>
    /// <param name="profile">What the model's requests may contain.</param>
    public static void Configure(ChatOptions options, AnthropicRequestProfile profile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(profile);
        var maxTokens = profile.Capabilities.BoundOutputTokens(options.MaxOutputTokens);
        options.MaxOutputTokens = maxTokens;

        if (profile.IsMantle)
        {
            options.Reasoning = null;
        }
        else if (options.Reasoning is null && ToEffort(profile.Reasoning) is { } effort)
        {
            options.Reasoning = new ReasoningOptions { Effort = effort };
        }

        var body = profile.AcceptsSampling && options.Reasoning is null ? ToSampling(options) : [];
        options.Temperature = null;
        options.TopP = null;
        options.TopK = null;
        if (!profile.IsMantle)
        {
            // Agent loops resend the same system prompt, tools and history every iteration; Mantle has no caching.
            body["cache_control"] = ToElement(new JsonObject { ["type"] = "ephemeral" });
        }

        if (body.Count > 0 && options.RawRepresentationFactory is null)
        {
            // Scalars in a raw body win over the adapter's defaults, so model and max_tokens must be ours too.
            body["model"] = ToElement(JsonValue.Create(profile.WireModelId));
            body["max_tokens"] = ToElement(JsonValue.Create(maxTokens));
            body["messages"] = ToElement(new JsonArray());
            options.RawRepresentationFactory = _ => MessageCreateParams.FromRawUnchecked(NoData, NoData, body);
        }
    }

    private static ReasoningEffort? ToEffort(ReasoningLevel? level) => level switch
    {
        ReasoningLevel.Low => ReasoningEffort.Low,
        ReasoningLevel.Medium => ReasoningEffort.Medium,
        ReasoningLevel.High => ReasoningEffort.High,
        _ => null,
    };

    private static Dictionary<string, JsonElement> ToSampling(ChatOptions options)
    {
        var body = new Dictionary<string, JsonElement>();
        if (options.Temperature is { } temperature)
        {
            body["temperature"] = ToElement(JsonValue.Create(temperature));
        }

        if (options.TopP is { } topP)
        {
            body["top_p"] = ToElement(JsonValue.Create(topP));
        }

        if (options.TopK is { } topK)
        {
            body["top_k"] = ToElement(JsonValue.Create(topK));
        }

        return body;
    }

    // Through JSON text rather than JsonSerializer, so nothing here depends on reflection-based serialization.
    private static JsonElement ToElement(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
