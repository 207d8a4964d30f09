namespace FaceMetric.People;

/// <summary>Why a file was refused by <see cref="PeopleLibrary.Open"/>.</summary>
public enum PeopleLibraryFormatError
{
    /// <summary>The file is not an SQLite database (or is empty): it is not a people library.</summary>
    ForeignFile,

    /// <summary>The file is an SQLite database, but not one a <see cref="PeopleLibrary"/> made.</summary>
    ForeignDatabase,

    /// <summary>The library's schema version is newer than this FaceMetric reads, or older with no migration.</summary>
    UnsupportedVersion,

    /// <summary>SQLite reports the file damaged, or its rows break the library's rules.</summary>
    Corrupt,
}
