namespace Pallas.Hosting.Client;

/// <summary>An agent could not be called; <see cref="Exception.Message"/> is one line for the user.</summary>
public sealed class AgentClientException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AgentClientException()
    {
    }

    /// <summary>Creates the exception with a one-line message.</summary>
    public AgentClientException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and its cause.</summary>
    public AgentClientException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
