namespace Pallas.Agents.Downstream;

/// <summary>A downstream tool call that could not complete; <see cref="Exception.Message"/> is one line shown to the model.</summary>
internal sealed class DownstreamToolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DownstreamToolException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public DownstreamToolException()
        : this("The downstream tool call failed.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public DownstreamToolException(string message)
        : this(message, null)
    {
    }
}
