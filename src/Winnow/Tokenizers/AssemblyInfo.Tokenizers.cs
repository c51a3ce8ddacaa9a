using System.Runtime.CompilerServices;

// The tokenizer tests check components (normalizers, split patterns, decoders) directly against hand-made cases.
[assembly: InternalsVisibleTo("Winnow.Tests")]
