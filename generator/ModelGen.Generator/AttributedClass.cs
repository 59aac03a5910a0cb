using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ModelGen.Generator
{
    /// <summary>A user's [OnnxModel("path")] class, as equatable data. Classes the generator cannot extend are dropped here; the analyzer reports them (MG0501).</summary>
    internal sealed class AttributedClass : IEquatable<AttributedClass>
    {
        public const string AttributeName = "ModelGen.Runtime.OnnxModelAttribute";

        public AttributedClass(string name, string @namespace, string path, string? dims, SourceSpot spot)
        {
            Name = name;
            Namespace = @namespace;
            Path = path;
            Dims = dims;
            Spot = spot;
        }

        public string Name { get; }
        public string Namespace { get; }
        public string Path { get; }
        public string? Dims { get; }
        public SourceSpot Spot { get; }

        public static AttributedClass? From(GeneratorAttributeSyntaxContext context)
        {
            if (!(context.TargetSymbol is INamedTypeSymbol type) || !(context.TargetNode is ClassDeclarationSyntax syntax)) return null;
            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || type.ContainingType != null || type.IsGenericType || type.IsStatic) return null;
            var attribute = context.Attributes[0];
            if (attribute.ConstructorArguments.Length != 1 || !(attribute.ConstructorArguments[0].Value is string path)) return null;
            string? dims = attribute.NamedArguments.Where(a => a.Key == "Dims").Select(a => a.Value.Value as string).FirstOrDefault();
            string ns = type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString();
            var location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? syntax.Identifier.GetLocation();
            var line = location.GetLineSpan();
            var spot = new SourceSpot(line.Path ?? "", location.SourceSpan.Start, location.SourceSpan.Length,
                line.StartLinePosition.Line, line.StartLinePosition.Character, line.EndLinePosition.Line, line.EndLinePosition.Character);
            return new AttributedClass(type.Name, ns, path, dims, spot);
        }

        /// <summary>True when this attribute names <paramref name="filePath"/>: compared by the end of the path, either slash, ignoring case.</summary>
        public bool Names(string filePath)
        {
            string a = Normalize(filePath), b = Normalize(Path);
            return a == b || a.EndsWith("/" + b, StringComparison.OrdinalIgnoreCase) || string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        }

        private static string Normalize(string p) => p.Replace('\\', '/').TrimStart('.', '/');

        public bool Equals(AttributedClass? o) =>
            o != null && Name == o.Name && Namespace == o.Namespace && Path == o.Path && Dims == o.Dims && Spot.Equals(o.Spot);

        public override bool Equals(object? obj) => Equals(obj as AttributedClass);
        public override int GetHashCode() => Name.GetHashCode() ^ Path.GetHashCode();
    }
}
