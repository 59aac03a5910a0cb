using System;

namespace ModelGen.Compiler.Diagnostics
{
    public enum ProblemSeverity
    {
        Info,
        Warning,
        Error,
    }

    /// <summary>
    /// Something the compiler has to tell the user, as data: the generator turns it into a Roslyn
    /// diagnostic located at the .onnx file; the CLI prints it. Immutable and equatable, so it can
    /// cross incremental-generator steps.
    /// </summary>
    public sealed class Problem : IEquatable<Problem>
    {
        public Problem(DiagnosticDescriptorInfo descriptor, string message, string? nodeName = null, string? opType = null)
        {
            Descriptor = descriptor;
            Message = message;
            NodeName = nodeName;
            OpType = opType;
        }

        public DiagnosticDescriptorInfo Descriptor { get; }
        public string Id => Descriptor.Id;
        public ProblemSeverity Severity => Descriptor.Severity;
        public string Message { get; }
        public string? NodeName { get; }
        public string? OpType { get; }

        public bool Equals(Problem? other) =>
            other != null && Id == other.Id && Message == other.Message && NodeName == other.NodeName && OpType == other.OpType;

        public override bool Equals(object? obj) => Equals(obj as Problem);

        public override int GetHashCode() => (Id + "\n" + Message + "\n" + NodeName + "\n" + OpType).GetHashCode();

        /// <summary>"error MG0101: ..." — the CLI's one-line form.</summary>
        public override string ToString() =>
            Severity.ToString().ToLowerInvariant() + " " + Id + ": " + Message;
    }

    /// <summary>An entry of the diagnostics table: id, severity, title and the help text README lists.</summary>
    public sealed class DiagnosticDescriptorInfo
    {
        public DiagnosticDescriptorInfo(string id, ProblemSeverity severity, string title, string help)
        {
            Id = id;
            Severity = severity;
            Title = title;
            Help = help;
        }

        public string Id { get; }
        public ProblemSeverity Severity { get; }
        public string Title { get; }
        public string Help { get; }
    }
}
