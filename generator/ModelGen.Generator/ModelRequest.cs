using System;
using ModelGen.Compiler;

namespace ModelGen.Generator
{
    /// <summary>
    /// One model to compile, as an immutable, equatable value: the file's path and content hash, and the
    /// compile options. Equal requests hit the incremental cache, so an unrelated edit never recompiles a model.
    /// Carries a problem instead when the request itself is wrong (bad class name, clash, unreadable file).
    /// </summary>
    internal sealed class ModelRequest : IEquatable<ModelRequest>
    {
        public ModelRequest(string path, ulong contentHash, CompileOptions options, RequestProblem? problem, SourceSpot? attributeSpot)
        {
            Path = path;
            ContentHash = contentHash;
            Options = options;
            Problem = problem;
            AttributeSpot = attributeSpot;
        }

        public string Path { get; }
        public ulong ContentHash { get; }
        public CompileOptions Options { get; }
        public RequestProblem? Problem { get; }
        /// <summary>Where the [OnnxModel] attribute sits, when the class came from one (diagnostics point there).</summary>
        public SourceSpot? AttributeSpot { get; }

        public bool Equals(ModelRequest? o) =>
            o != null && Path == o.Path && ContentHash == o.ContentHash && Options.Equals(o.Options) && Equals(Problem, o.Problem) && Equals(AttributeSpot, o.AttributeSpot);

        public override bool Equals(object? obj) => Equals(obj as ModelRequest);

        public override int GetHashCode() => Path.GetHashCode() ^ ContentHash.GetHashCode();
    }

    /// <summary>A diagnostic decided before compiling: descriptor id and message.</summary>
    internal sealed class RequestProblem : IEquatable<RequestProblem>
    {
        public RequestProblem(string id, string message)
        {
            Id = id;
            Message = message;
        }

        public string Id { get; }
        public string Message { get; }

        public bool Equals(RequestProblem? o) => o != null && Id == o.Id && Message == o.Message;
        public override bool Equals(object? obj) => Equals(obj as RequestProblem);
        public override int GetHashCode() => Id.GetHashCode() ^ Message.GetHashCode();
    }

    /// <summary>A source location as plain data (Roslyn's Location is not equatable across compilations).</summary>
    internal sealed class SourceSpot : IEquatable<SourceSpot>
    {
        public SourceSpot(string filePath, int start, int length, int startLine, int startColumn, int endLine, int endColumn)
        {
            FilePath = filePath;
            Start = start;
            Length = length;
            StartLine = startLine;
            StartColumn = startColumn;
            EndLine = endLine;
            EndColumn = endColumn;
        }

        public string FilePath { get; }
        public int Start { get; }
        public int Length { get; }
        public int StartLine { get; }
        public int StartColumn { get; }
        public int EndLine { get; }
        public int EndColumn { get; }

        public bool Equals(SourceSpot? o) =>
            o != null && FilePath == o.FilePath && Start == o.Start && Length == o.Length && StartLine == o.StartLine && StartColumn == o.StartColumn;

        public override bool Equals(object? obj) => Equals(obj as SourceSpot);
        public override int GetHashCode() => FilePath.GetHashCode() ^ Start;
    }
}
