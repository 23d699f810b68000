/* The MOCKXR_SCRIPT keys of the extensions refuse every bad value with the file, line and entry, as the
 * rest of the script does (xrCreateInstance fails with XR_ERROR_RUNTIME_FAILURE); good ones load. */
#include "ext_util.h"

static void expect_script(struct mx_test *t, const char *text, const char *expect)
{
    mx_test_reset_env();
    MX_REQUIRE_RESULT(t, ext_use_script("ext_script_case.json", text) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE, XR_SUCCESS);
    char out[4096];
    XrInstance inst;
    XrResult r = mx_test_create_instance_captured(&inst, out, sizeof(out));
    t->checks++;
    bool ok = expect ? (r == XR_ERROR_RUNTIME_FAILURE && strstr(out, expect) && strstr(out, "MOCKXR_SCRIPT=ext_script_case.json:"))
                     : r == XR_SUCCESS;
    if (!ok) {
        fprintf(stderr, "script %s\n  got %s, stderr \"%s\", wanted %s\n", text, mx_test_result_name(r), out,
                expect ? expect : "success");
        t->failures++;
    }
    if (r == XR_SUCCESS)
        xrDestroyInstance(inst);
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    const struct {
        const char *text, *expect;
    } cases[] = {
        {"{\"timeline\": [\n {\"frame\": 1},\n {\"frame\": 2, \"hand_left\": {\"curl\": 1.5}}\n]}", ":3: timeline[1]: \"hand_left\".curl must be a number in [0, 1]"},
        {"{\"timeline\": [{\"frame\": 1, \"hand_right\": {\"pinch\": true}}]}", "\"hand_right\".pinch must be a number"},
        {"{\"timeline\": [{\"frame\": 1, \"hand_right\": {\"tracked\": 1}}]}", "\"hand_right\".tracked must be true or false"},
        {"{\"timeline\": [{\"frame\": 1, \"hand_right\": {\"grip\": 1}}]}", "\"hand_right\" has unknown key \"grip\""},
        {"{\"timeline\": [{\"frame\": 1, \"hand_right\": {}}]}", "\"hand_right\" is empty"},
        {"{\"timeline\": [{\"frame\": 1, \"hand_left\": {\"pose\": {\"position\": [0, 1]}}}]}", "\"pose\".position must be 3"},
        {"{\"timeline\": [{\"frame\": 1, \"hand_left\": 3}]}", "\"hand_left\" must be an object"},
        {"{\"timeline\": [{\"frame\": 1, \"gaze\": {\"yaw\": 75}}]}", "\"gaze\".yaw must be a number of degrees in [-60, 60]"},
        {"{\"timeline\": [{\"frame\": 1, \"gaze\": {\"roll\": 5}}]}", "\"gaze\" has unknown key \"roll\""},
        {"{\"timeline\": [{\"frame\": 1, \"user_present\": \"yes\"}]}", "\"user_present\" must be true or false"},
        {"{\"timeline\": [{\"frame\": 1, \"refresh_hz\": 75}]}", "\"refresh_hz\" must be a rate the display supports"},
        {"{\"timeline\": [{\"frame\": 1, \"fov_scale\": 1.2}]}", "\"fov_scale\" must be a number in [0.5, 1]"},
        {"{\"timeline\": [{\"frame\": 1, \"perf\": {\"domain\": \"npu\", \"sub_domain\": \"thermal\", \"level\": \"normal\"}}]}",
         "\"perf\" needs \"domain\": cpu|gpu"},
        {"{\"timeline\": [{\"frame\": 1, \"perf\": {\"domain\": \"cpu\", \"sub_domain\": \"rendering\", \"level\": \"warning\", \"headroom\": 3}}]}",
         "\"headroom\" and \"slope\" go with the thermal sub_domain only"},
        {"{\"timeline\": [{\"frame\": 1, \"perf\": {\"domain\": \"cpu\", \"sub_domain\": \"thermal\", \"level\": \"warning\", \"slope\": 500}}]}",
         "must be numbers in [-100, 100]"},
        {"{\"timeline\": [{\"frame\": 1, \"perf\": {\"domain\": \"cpu\", \"level\": \"warning\"}}]}", "\"perf\" needs"},
        {"{\"timeline\": [{\"frame\": 1, \"hands\": {}}]}", "unknown key \"hands\""},
        /* good ones */
        {"{\"timeline\": [{\"frame\": 1, \"hand_left\": {\"curl\": 0.5, \"pinch\": 1, \"tracked\": false,\n"
         "  \"pose\": {\"position\": [0, 1, -0.3], \"orientation\": [0, 0, 0, 1]}}, \"gaze\": {\"yaw\": -20, \"pitch\": 5,\n"
         "  \"tracked\": true}, \"user_present\": false, \"refresh_hz\": 144, \"fov_scale\": 0.5, \"perf\": {\"domain\": \"gpu\",\n"
         "  \"sub_domain\": \"thermal\", \"level\": \"impaired\", \"headroom\": -1.5, \"slope\": 0.3}}]}", NULL},
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++)
        expect_script(&t, cases[k].text, cases[k].expect);
    remove("ext_script_case.json");
    return mx_test_finish(&t, "ext_script");
}
