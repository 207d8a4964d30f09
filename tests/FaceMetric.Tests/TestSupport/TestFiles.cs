namespace FaceMetric.Tests.TestSupport;

/// <summary>
/// Every fixture file a test names, once, as a constant (the way ImageSharp's <c>TestImages</c> names its images): paths
/// relative to <c>tests/FaceMetric.Tests/Fixtures</c>, resolved by <see cref="Fixtures.Path"/>. Where each file comes from is in
/// <c>Fixtures/PROVENANCE.md</c>.
/// </summary>
internal static class TestFiles
{
    /// <summary>Real photos and data copied from ../shared/data.</summary>
    public static class Data
    {
        public const string FaceRecognitionDotNetTestsTestImages = "data/FaceRecognitionDotNet/test/FaceRecognitionDotNet.Tests/TestImages/";

        public const string BaldGuys = "data/dlib/examples/faces/bald_guys.jpg";

        public const string Dogs = "data/dlib/examples/faces/dogs.jpg";

        public const string Amy1 = "data/face-api.js/examples/images/amy/amy1.png";

        public const string Raj5 = "data/face-api.js/examples/images/raj/raj5.png";

        public const string Face1 = "data/face-api.js/test/images/face1.png";

        public const string Examples = "data/face_recognition/examples/";

        public const string AlexLacamoire = "data/face_recognition/examples/alex-lacamoire.png";

        public const string Biden = "data/face_recognition/examples/biden.jpg";

        public const string KnnExamples = "data/face_recognition/examples/knn_examples/";

        public const string Obama1 = "data/face_recognition/examples/knn_examples/test/obama1.jpg";

        public const string Train = "data/face_recognition/examples/knn_examples/train";

        public const string John1 = "data/face_recognition/examples/knn_examples/train/kit_harington/john1.jpeg";

        public const string Img1 = "data/face_recognition/examples/knn_examples/train/rose_leslie/img1.jpg";

        public const string Obama = "data/face_recognition/examples/obama.jpg";

        public const string ObamaSmall = "data/face_recognition/examples/obama_small.jpg";

        public const string ExamplesTwoPeopleJpg = "data/face_recognition/examples/two_people.jpg";

        /// <summary>Decoded frame 236 of short_hamilton_clip.mp4 (the audience; a dark, blurred face at the back left).</summary>
        public const string HamiltonFrame236 = "data/face_recognition/examples/short_hamilton_clip_frames/frame236.png";

        public const string TestsTestImages = "data/face_recognition/tests/test_images/";

        public const string Obama2 = "data/face_recognition/tests/test_images/obama2.jpg";

        public const string Obama3 = "data/face_recognition/tests/test_images/obama3.jpg";

        public const string Pairs = "data/facenet/data/pairs.txt";

        public const string PairsDevTest = "data/lfw/pairsDevTest.txt";

        public const string PairsDevTrain = "data/lfw/pairsDevTrain.txt";

        public const string Lennon1 = "data/openface/images/examples-aligned/lennon-1.png";

        public const string LongoriaCooper = "data/openface/images/examples/longoria-cooper.jpg";
    }

    /// <summary>Outputs of dlib C++ and face-api.js (goldens: never edited to make a test pass).</summary>
    public static class Reference
    {
        public const string Dlib = "reference/dlib/";

        public const string AlignBaldGuys = "reference/dlib/align_bald_guys.json";

        public const string BaldGuysFace0 = "reference/dlib/chips/bald_guys_face0.png";

        public const string BaldGuysFace1 = "reference/dlib/chips/bald_guys_face1.png";

        public const string BaldGuysFace3 = "reference/dlib/chips/bald_guys_face3.png";

        public const string DlibRand = "reference/dlib/cw/dlib_rand.json";

        public const string Chips = "reference/dlib/cw/johns/chips";

        public const string JohnSalley = "reference/dlib/cw/johns/chips/John_Salley";

        public const string JohnSalley00017902159509 = "reference/dlib/cw/johns/chips/John_Salley/000179_02159509.png";

        public const string JohnSalley00018302159543 = "reference/dlib/cw/johns/chips/John_Salley/000183_02159543.png";

        public const string JohnSavage00026401099001 = "reference/dlib/cw/johns/chips/John_Savage/000264_01099001.png";

        public const string JohnSimm00028800470387 = "reference/dlib/cw/johns/chips/John_Simm/000288_00470387.png";

        public const string JohnsEmbedJson = "reference/dlib/cw/johns/embed.json";

        public const string Johns55T06Desc = "reference/dlib/cw/johns55_t06.desc.txt";

        public const string BaldGuysDecoded = "reference/dlib/decoded/bald_guys_decoded.png";

        public const string EmbedAll = "reference/dlib/embed_all.json";

        public const string Align = "reference/dlib/faces/align.json";

        public const string Obama2Decoded = "reference/dlib/faces/decoded/obama2_decoded.png";

        public const string TwoPeopleDecoded = "reference/dlib/faces/decoded/two_people_decoded.png";

        public const string FacesEmbedJson = "reference/dlib/faces/embed.json";

        public const string Detections = "reference/dlib/hog/detections.json";

        public const string Sample1 = "reference/dlib/images/sample1.jpg";

        public const string Sample4 = "reference/dlib/images/sample4.jpg";

        public const string LfwView1DescriptorsTsv = "reference/dlib/lfw_view1_descriptors.tsv.gz";

        public const string PngTwoPeoplePng = "reference/faceapi/png/two_people.png";

        public const string DecodedSha256 = "reference/libjpeg/decoded_sha256.tsv";
    }
}
