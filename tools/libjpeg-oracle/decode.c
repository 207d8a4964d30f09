/*
 * libjpeg oracle for FaceMetric.Imaging.Jpeg.LibjpegDecoder.
 *
 * Decodes each JPEG named on the command line with the system libjpeg (Debian libjpeg62-turbo 2.1.5 here) at its
 * default decompression settings, which are the ones dlib 19.24's jpeg_loader and PIL use: JDCT_ISLOW, fancy
 * upsampling, no merged upsampling, no quantisation. The only setting changed is out_color_space = JCS_RGB, so a
 * grayscale file comes out as R = G = B (libjpeg's gray_rgb_convert).
 *
 * Prints one line per file:  path<TAB>width<TAB>height<TAB>sha256 of the RGB bytes (row-major, 3 bytes a pixel)
 * or                         path<TAB>ERROR<TAB>libjpeg's message
 * A file that libjpeg decodes with warnings (corrupt or truncated data it patched over) gets a fifth column
 * "warnings=N" and a sixth, the first warning's text. With "--raw DIR" first, the RGB bytes of the n-th file (from 0)
 * are also written to DIR/n.rgb.
 *
 * SHA-256 (FIPS 180-4) is computed here so the tool needs nothing but libjpeg.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

/* ---- SHA-256 ---------------------------------------------------------------------------------------------- */

typedef struct {
  uint32_t h[8];
  uint8_t block[64];
  size_t used;
  uint64_t total;
} sha256_ctx;

static const uint32_t K256[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(sha256_ctx *c, const uint8_t *p)
{
  uint32_t w[64], a, b, d, e, f, g, h, cc, t1, t2;
  int i;
  for (i = 0; i < 16; i++)
    w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
  for (i = 16; i < 64; i++) {
    uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  a = c->h[0]; b = c->h[1]; cc = c->h[2]; d = c->h[3]; e = c->h[4]; f = c->h[5]; g = c->h[6]; h = c->h[7];
  for (i = 0; i < 64; i++) {
    t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
    t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & cc) ^ (b & cc));
    h = g; g = f; f = e; e = d + t1; d = cc; cc = b; b = a; a = t1 + t2;
  }
  c->h[0] += a; c->h[1] += b; c->h[2] += cc; c->h[3] += d; c->h[4] += e; c->h[5] += f; c->h[6] += g; c->h[7] += h;
}

static void sha256_init(sha256_ctx *c)
{
  static const uint32_t init[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
  memcpy(c->h, init, sizeof(init));
  c->used = 0;
  c->total = 0;
}

static void sha256_update(sha256_ctx *c, const uint8_t *p, size_t n)
{
  c->total += n;
  while (n > 0) {
    size_t take = 64 - c->used < n ? 64 - c->used : n;
    memcpy(c->block + c->used, p, take);
    c->used += take; p += take; n -= take;
    if (c->used == 64) { sha256_block(c, c->block); c->used = 0; }
  }
}

static void sha256_hex(sha256_ctx *c, char out[65])
{
  uint64_t bits = c->total * 8;
  uint8_t pad = 0x80, zero = 0, len[8];
  int i;
  sha256_update(c, &pad, 1);
  while (c->used != 56) sha256_update(c, &zero, 1);
  for (i = 0; i < 8; i++) len[i] = (uint8_t)(bits >> (56 - 8 * i));
  sha256_update(c, len, 8);
  for (i = 0; i < 8; i++) sprintf(out + 8 * i, "%08x", c->h[i]);
}

/* ---- libjpeg ---------------------------------------------------------------------------------------------- */

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  int warnings;
  char first[JMSG_LENGTH_MAX]; /* the first warning's text */
} oracle_error_mgr;

static void on_error(j_common_ptr cinfo)
{
  longjmp(((oracle_error_mgr *)cinfo->err)->jump, 1);
}

static void on_message(j_common_ptr cinfo, int level)
{
  oracle_error_mgr *err = (oracle_error_mgr *)cinfo->err;
  if (level >= 0) return; /* trace messages */
  /* level -1: a warning (corrupt data); libjpeg calls it for every JWRN_* it raises */
  if (err->warnings++ == 0) cinfo->err->format_message(cinfo, err->first);
}

static void decode_one(const char *path, const char *raw_dir, int index)
{
  struct jpeg_decompress_struct cinfo;
  oracle_error_mgr err;
  FILE *in = fopen(path, "rb"), *raw = NULL;
  JSAMPROW row = NULL;
  sha256_ctx sha;
  char hex[65], message[JMSG_LENGTH_MAX];

  if (in == NULL) { printf("%s\tERROR\tcannot open\n", path); return; }
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = on_error;
  err.pub.emit_message = on_message;
  err.warnings = 0;
  err.first[0] = 0;
  if (setjmp(err.jump)) {
    err.pub.format_message((j_common_ptr)&cinfo, message);
    printf("%s\tERROR\t%s\n", path, message);
    jpeg_destroy_decompress(&cinfo);
    fclose(in);
    if (raw) fclose(raw);
    free(row);
    return;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_stdio_src(&cinfo, in);
  jpeg_read_header(&cinfo, TRUE);
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  row = malloc((size_t)cinfo.output_width * 3);
  if (raw_dir) {
    char name[4096];
    snprintf(name, sizeof(name), "%s/%d.rgb", raw_dir, index);
    raw = fopen(name, "wb");
  }
  sha256_init(&sha);
  while (cinfo.output_scanline < cinfo.output_height) {
    jpeg_read_scanlines(&cinfo, &row, 1);
    sha256_update(&sha, row, (size_t)cinfo.output_width * 3);
    if (raw) fwrite(row, 3, cinfo.output_width, raw);
  }
  jpeg_finish_decompress(&cinfo);
  sha256_hex(&sha, hex);
  if (err.warnings > 0)
    printf("%s\t%u\t%u\t%s\twarnings=%d\t%s\n", path, cinfo.output_width, cinfo.output_height, hex, err.warnings, err.first);
  else
    printf("%s\t%u\t%u\t%s\n", path, cinfo.output_width, cinfo.output_height, hex);
  jpeg_destroy_decompress(&cinfo);
  fclose(in);
  if (raw) fclose(raw);
  free(row);
}

int main(int argc, char **argv)
{
  const char *raw_dir = NULL;
  int first = 1, i;
  if (argc > 2 && strcmp(argv[1], "--raw") == 0) { raw_dir = argv[2]; first = 3; }
  for (i = first; i < argc; i++) decode_one(argv[i], raw_dir, i - first);
  return 0;
}
