/* XR_MSFT_controller_model through the real loader: keys only for a hand whose profile is current, a GLB
 * that parses (header, chunks, JSON with the property nodes, buffers that match their accessors, faces
 * pointing out), node properties and states by the two-call idiom, node poses that follow the scripted
 * trigger / stick / select, and invalid keys refused. */
#include "ext_util.h"

#include <cjson/cJSON.h>

#define TOUCH "/interaction_profiles/oculus/touch_controller"
#define SIMPLE "/interaction_profiles/khr/simple_controller"

static const char g_script[] =
    "{\"timeline\": [{\"frame\": 10, \"input\": {\"/user/hand/right/input/trigger/value\": 1.0,\n"
    "                                           \"/user/hand/left/input/thumbstick/x\": 1.0}}]}\n";

struct fns {
    PFN_xrGetControllerModelKeyMSFT key;
    PFN_xrLoadControllerModelMSFT load;
    PFN_xrGetControllerModelPropertiesMSFT props;
    PFN_xrGetControllerModelStateMSFT state;
};

static XrPath path(XrInstance inst, const char *s)
{
    XrPath p = XR_NULL_PATH;
    xrStringToPath(inst, s, &p);
    return p;
}

/* A grip pose action bound on both hands of `profile`, attached; frames until focused, then a sync. */
static void bind_and_sync(struct mx_test *t, struct mx_test_app *app, const char *profile)
{
    XrActionSetCreateInfo sci = {.type = XR_TYPE_ACTION_SET_CREATE_INFO};
    strcpy(sci.actionSetName, "models");
    strcpy(sci.localizedActionSetName, "Models");
    XrActionSet set;
    MX_REQUIRE_RESULT(t, xrCreateActionSet(app->instance, &sci, &set), XR_SUCCESS);
    XrActionCreateInfo aci = {.type = XR_TYPE_ACTION_CREATE_INFO, .actionType = XR_ACTION_TYPE_POSE_INPUT};
    strcpy(aci.actionName, "grip");
    strcpy(aci.localizedActionName, "Grip");
    XrAction grip;
    MX_REQUIRE_RESULT(t, xrCreateAction(set, &aci, &grip), XR_SUCCESS);
    XrActionSuggestedBinding b[2] = {{grip, path(app->instance, "/user/hand/left/input/grip/pose")},
                                     {grip, path(app->instance, "/user/hand/right/input/grip/pose")}};
    XrInteractionProfileSuggestedBinding sb = {.type = XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING,
                                               .interactionProfile = path(app->instance, profile),
                                               .countSuggestedBindings = 2, .suggestedBindings = b};
    MX_REQUIRE_RESULT(t, xrSuggestInteractionProfileBindings(app->instance, &sb), XR_SUCCESS);
    XrSessionActionSetsAttachInfo ai = {.type = XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO, .countActionSets = 1,
                                        .actionSets = &set};
    MX_REQUIRE_RESULT(t, xrAttachSessionActionSets(app->session, &ai), XR_SUCCESS);
    struct ext_events ev = {0};
    MX_REQUIRE_RESULT(t, ext_run_to(app, XR_SESSION_STATE_FOCUSED, 10, XR_TYPE_EVENT_DATA_BUFFER, &ev) ? XR_SUCCESS
                                                                                                       : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    XrActiveActionSet active = {set, XR_NULL_PATH};
    XrActionsSyncInfo si = {.type = XR_TYPE_ACTIONS_SYNC_INFO, .countActiveActionSets = 1, .activeActionSets = &active};
    MX_CHECK_RESULT(t, xrSyncActions(app->session, &si), XR_SUCCESS);
}

static XrControllerModelKeyMSFT key_of(struct mx_test *t, const struct fns *f, struct mx_test_app *app, const char *hand)
{
    XrControllerModelKeyStateMSFT ks = {.type = XR_TYPE_CONTROLLER_MODEL_KEY_STATE_MSFT};
    MX_CHECK_RESULT(t, f->key(app->session, path(app->instance, hand), &ks), XR_SUCCESS);
    return ks.modelKey;
}

static uint32_t u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int json_int(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valueint : -1;
}

/* The GLB is what glTF 2.0 asks: header, a JSON chunk naming every property node under its parent, a BIN chunk
 * as long as the buffer, accessors that fit their views, positions inside min / max, indices in range. */
static void check_glb(struct mx_test *t, const uint8_t *glb, uint32_t size,
                      const XrControllerModelNodePropertiesMSFT *nodes, uint32_t n_nodes)
{
    MX_REQUIRE_RESULT(t, size > 28 && u32(glb) == 0x46546C67u && u32(glb + 4) == 2 && u32(glb + 8) == size &&
                             u32(glb + 16) == 0x4E4F534Au ? XR_SUCCESS : XR_ERROR_VALIDATION_FAILURE, XR_SUCCESS);
    uint32_t json_len = u32(glb + 12);
    const uint8_t *bin = glb + 20 + json_len;
    MX_REQUIRE_RESULT(t, json_len % 4 == 0 && 20 + json_len + 8 <= size && u32(bin + 4) == 0x004E4942u ? XR_SUCCESS
                                                                                                      : XR_ERROR_VALIDATION_FAILURE,
                      XR_SUCCESS);
    uint32_t bin_len = u32(bin);
    MX_CHECK(t, 20 + json_len + 8 + bin_len == size);
    cJSON *root = cJSON_ParseWithLength((const char *)glb + 20, json_len);
    MX_REQUIRE_RESULT(t, root ? XR_SUCCESS : XR_ERROR_VALIDATION_FAILURE, XR_SUCCESS);
    const cJSON *gnodes = cJSON_GetObjectItemCaseSensitive(root, "nodes");
    const cJSON *accessors = cJSON_GetObjectItemCaseSensitive(root, "accessors");
    const cJSON *views = cJSON_GetObjectItemCaseSensitive(root, "bufferViews");
    const cJSON *buffer = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "buffers"), 0);
    MX_CHECK(t, json_int(buffer, "byteLength") == (int)bin_len);
    for (uint32_t k = 0; k < n_nodes; k++) { /* a node of that name, a child of the named parent */
        bool found = false;
        for (int p = 0; p < cJSON_GetArraySize(gnodes) && !found; p++) {
            const cJSON *parent = cJSON_GetArrayItem(gnodes, p);
            if (strcmp(cJSON_GetObjectItemCaseSensitive(parent, "name")->valuestring, nodes[k].parentNodeName) != 0)
                continue;
            const cJSON *child;
            cJSON_ArrayForEach(child, cJSON_GetObjectItemCaseSensitive(parent, "children"))
            {
                const cJSON *node = cJSON_GetArrayItem(gnodes, child->valueint);
                found = found || strcmp(cJSON_GetObjectItemCaseSensitive(node, "name")->valuestring, nodes[k].nodeName) == 0;
            }
        }
        MX_CHECK(t, found);
    }
    for (int a = 0; a + 1 < cJSON_GetArraySize(accessors); a += 2) { /* positions, then indices, per mesh */
        const cJSON *pos = cJSON_GetArrayItem(accessors, a), *idx = cJSON_GetArrayItem(accessors, a + 1);
        const cJSON *pv = cJSON_GetArrayItem(views, json_int(pos, "bufferView"));
        const cJSON *iv = cJSON_GetArrayItem(views, json_int(idx, "bufferView"));
        int count = json_int(pos, "count"), icount = json_int(idx, "count");
        MX_CHECK(t, json_int(pv, "byteLength") == 12 * count && json_int(iv, "byteLength") == 2 * icount);
        MX_CHECK(t, json_int(pv, "byteOffset") + 12 * count <= (int)bin_len &&
                        json_int(iv, "byteOffset") + 2 * icount <= (int)bin_len);
        const float *v = (const float *)(bin + 8 + json_int(pv, "byteOffset"));
        const uint16_t *ix = (const uint16_t *)(bin + 8 + json_int(iv, "byteOffset"));
        const cJSON *lo = cJSON_GetObjectItemCaseSensitive(pos, "min"), *hi = cJSON_GetObjectItemCaseSensitive(pos, "max");
        bool inside = true, in_range = true, outward = true;
        for (int k = 0; k < 3 * count; k++)
            inside = inside && v[k] >= (float)cJSON_GetArrayItem(lo, k % 3)->valuedouble - 1e-6f &&
                     v[k] <= (float)cJSON_GetArrayItem(hi, k % 3)->valuedouble + 1e-6f;
        float cx = 0, cy = 0, cz = 0; /* the box's centre: the mean of its corners */
        for (int k = 0; k < count; k++)
            cx += v[3 * k] / count, cy += v[3 * k + 1] / count, cz += v[3 * k + 2] / count;
        for (int k = 0; k + 2 < icount; k += 3) {
            in_range = in_range && ix[k] < count && ix[k + 1] < count && ix[k + 2] < count;
            const float *p0 = &v[3 * ix[k]], *p1 = &v[3 * ix[k + 1]], *p2 = &v[3 * ix[k + 2]];
            float ux = p1[0] - p0[0], uy = p1[1] - p0[1], uz = p1[2] - p0[2];
            float wx = p2[0] - p0[0], wy = p2[1] - p0[1], wz = p2[2] - p0[2];
            float nx = uy * wz - uz * wy, ny = uz * wx - ux * wz, nz = ux * wy - uy * wx;
            outward = outward && nx * (p0[0] - cx) + ny * (p0[1] - cy) + nz * (p0[2] - cz) > 0.0f;
        }
        MX_CHECK(t, inside && in_range && outward);
    }
    cJSON_Delete(root);
}

static float rotation_angle(XrQuaternionf q)
{
    return 2.0f * acosf(fminf(1.0f, fabsf(q.w))) * 180.0f / 3.14159265f;
}

static void test_touch(struct mx_test *t)
{
    MX_REQUIRE_RESULT(t, ext_use_script("ext_controller_model.json", g_script) ? XR_SUCCESS : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    struct mx_test_app app;
    const char *ext[] = {"XR_MSFT_controller_model", NULL};
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, ext), XR_SUCCESS);
    struct fns f = {EXT_FN(t, app.instance, PFN_xrGetControllerModelKeyMSFT, "xrGetControllerModelKeyMSFT"),
                    EXT_FN(t, app.instance, PFN_xrLoadControllerModelMSFT, "xrLoadControllerModelMSFT"),
                    EXT_FN(t, app.instance, PFN_xrGetControllerModelPropertiesMSFT, "xrGetControllerModelPropertiesMSFT"),
                    EXT_FN(t, app.instance, PFN_xrGetControllerModelStateMSFT, "xrGetControllerModelStateMSFT")};
    MX_REQUIRE_RESULT(t, f.key && f.load && f.props && f.state ? XR_SUCCESS : XR_ERROR_FUNCTION_UNSUPPORTED, XR_SUCCESS);
    MX_CHECK(t, key_of(t, &f, &app, "/user/hand/left") == XR_NULL_CONTROLLER_MODEL_KEY_MSFT); /* nothing bound yet */
    bind_and_sync(t, &app, TOUCH); /* frames 0..1 */
    XrControllerModelKeyMSFT left = key_of(t, &f, &app, "/user/hand/left"), right = key_of(t, &f, &app, "/user/hand/right");
    MX_CHECK(t, left != XR_NULL_CONTROLLER_MODEL_KEY_MSFT && right != XR_NULL_CONTROLLER_MODEL_KEY_MSFT && left != right);
    XrControllerModelPropertiesMSFT props = {.type = XR_TYPE_CONTROLLER_MODEL_PROPERTIES_MSFT};
    MX_CHECK_RESULT(t, f.props(app.session, right, &props), XR_SUCCESS);
    MX_CHECK(t, props.nodeCountOutput == 2);
    XrControllerModelNodePropertiesMSFT nodes[2] = {{.type = XR_TYPE_CONTROLLER_MODEL_NODE_PROPERTIES_MSFT},
                                                    {.type = XR_TYPE_CONTROLLER_MODEL_NODE_PROPERTIES_MSFT}};
    props.nodeCapacityInput = 2;
    props.nodeProperties = nodes;
    MX_CHECK_RESULT(t, f.props(app.session, right, &props), XR_SUCCESS);
    MX_CHECK(t, strcmp(nodes[0].nodeName, "trigger") == 0 && strcmp(nodes[1].nodeName, "thumbstick") == 0 &&
                    strcmp(nodes[0].parentNodeName, "controller") == 0);
    uint32_t size = 0;
    MX_CHECK_RESULT(t, f.load(app.session, right, 0, &size, NULL), XR_SUCCESS);
    uint8_t *glb = malloc(size);
    MX_REQUIRE_RESULT(t, glb ? f.load(app.session, right, size, &size, glb) : XR_ERROR_OUT_OF_MEMORY, XR_SUCCESS);
    check_glb(t, glb, size, nodes, 2);
    free(glb);
    /* frame 10: the right trigger pulled all the way (20 degrees), the left stick right (15 degrees) */
    XrControllerModelNodeStateMSFT st[2] = {{.type = XR_TYPE_CONTROLLER_MODEL_NODE_STATE_MSFT},
                                            {.type = XR_TYPE_CONTROLLER_MODEL_NODE_STATE_MSFT}};
    XrControllerModelStateMSFT state = {.type = XR_TYPE_CONTROLLER_MODEL_STATE_MSFT, .nodeCapacityInput = 2,
                                        .nodeStates = st};
    MX_CHECK_RESULT(t, f.state(app.session, right, &state), XR_SUCCESS);
    MX_CHECK(t, rotation_angle(st[0].nodePose.orientation) < 0.01f);
    for (int k = 1; k < 11; k++) /* frames 1..10 */
        MX_CHECK_RESULT(t, mx_test_frame(app.session, NULL), XR_SUCCESS);
    MX_CHECK_RESULT(t, f.state(app.session, right, &state), XR_SUCCESS);
    MX_CHECK(t, ext_near(rotation_angle(st[0].nodePose.orientation), 20.0f, 0.1f) &&
                    ext_near(st[0].nodePose.position.z, -0.045f, 1e-6f));
    MX_CHECK_RESULT(t, f.state(app.session, left, &state), XR_SUCCESS);
    MX_CHECK(t, rotation_angle(st[0].nodePose.orientation) < 0.01f &&
                    ext_near(rotation_angle(st[1].nodePose.orientation), 15.0f, 0.1f) &&
                    st[1].nodePose.orientation.z != 0.0f);
    if (!t->clean) {
        state.nodeCapacityInput = 1;
        MX_CHECK_RESULT(t, f.state(app.session, right, &state), XR_ERROR_SIZE_INSUFFICIENT);
        MX_CHECK_RESULT(t, f.load(app.session, XR_NULL_CONTROLLER_MODEL_KEY_MSFT, 0, &size, NULL),
                        XR_ERROR_CONTROLLER_MODEL_KEY_INVALID_MSFT);
        MX_CHECK_RESULT(t, f.props(app.session, right + 1234, &props), XR_ERROR_CONTROLLER_MODEL_KEY_INVALID_MSFT);
        MX_CHECK_RESULT(t, f.state(app.session, left ^ 0x10, &state), XR_ERROR_CONTROLLER_MODEL_KEY_INVALID_MSFT);
        XrControllerModelKeyStateMSFT ks = {.type = XR_TYPE_CONTROLLER_MODEL_KEY_STATE_MSFT};
        MX_CHECK_RESULT(t, f.key(app.session, path(app.instance, "/user/head"), &ks), XR_ERROR_PATH_UNSUPPORTED);
    }
    mx_test_app_stop(&app);
    unsetenv("MOCKXR_SCRIPT");
}

/* The simple controller's model has a select button that goes down when clicked. */
static void test_simple(struct mx_test *t)
{
    setenv("MOCKXR_CONTROLLERS", "simple", 1);
    MX_REQUIRE_RESULT(t, ext_use_script("ext_controller_model_simple.json",
                                        "{\"timeline\": [{\"frame\": 5, \"input\": {\"/user/hand/left/input/select/click\": true}}]}")
                             ? XR_SUCCESS
                             : XR_ERROR_RUNTIME_FAILURE,
                      XR_SUCCESS);
    struct mx_test_app app;
    const char *ext[] = {"XR_MSFT_controller_model", NULL};
    MX_REQUIRE_RESULT(t, mx_test_app_start(&app, ext), XR_SUCCESS);
    struct fns f = {EXT_FN(t, app.instance, PFN_xrGetControllerModelKeyMSFT, "xrGetControllerModelKeyMSFT"), NULL,
                    EXT_FN(t, app.instance, PFN_xrGetControllerModelPropertiesMSFT, "xrGetControllerModelPropertiesMSFT"),
                    EXT_FN(t, app.instance, PFN_xrGetControllerModelStateMSFT, "xrGetControllerModelStateMSFT")};
    MX_REQUIRE_RESULT(t, f.key && f.props && f.state ? XR_SUCCESS : XR_ERROR_FUNCTION_UNSUPPORTED, XR_SUCCESS);
    bind_and_sync(t, &app, SIMPLE);
    XrControllerModelKeyMSFT left = key_of(t, &f, &app, "/user/hand/left");
    XrControllerModelNodePropertiesMSFT node = {.type = XR_TYPE_CONTROLLER_MODEL_NODE_PROPERTIES_MSFT};
    XrControllerModelPropertiesMSFT props = {.type = XR_TYPE_CONTROLLER_MODEL_PROPERTIES_MSFT, .nodeCapacityInput = 1,
                                             .nodeProperties = &node};
    MX_CHECK_RESULT(t, f.props(app.session, left, &props), XR_SUCCESS);
    MX_CHECK(t, props.nodeCountOutput == 1 && strcmp(node.nodeName, "select") == 0);
    XrControllerModelNodeStateMSFT st = {.type = XR_TYPE_CONTROLLER_MODEL_NODE_STATE_MSFT};
    XrControllerModelStateMSFT state = {.type = XR_TYPE_CONTROLLER_MODEL_STATE_MSFT, .nodeCapacityInput = 1,
                                        .nodeStates = &st};
    MX_CHECK_RESULT(t, f.state(app.session, left, &state), XR_SUCCESS);
    float up = st.nodePose.position.y;
    for (int k = 1; k < 6; k++) /* frames 1..5 */
        MX_CHECK_RESULT(t, mx_test_frame(app.session, NULL), XR_SUCCESS);
    MX_CHECK_RESULT(t, f.state(app.session, left, &state), XR_SUCCESS);
    MX_CHECK(t, ext_near(up - st.nodePose.position.y, 0.003f, 1e-6f)); /* pressed 3 mm */
    mx_test_app_stop(&app);
    unsetenv("MOCKXR_CONTROLLERS");
    unsetenv("MOCKXR_SCRIPT");
}

int main(int argc, char **argv)
{
    struct mx_test t;
    mx_test_init(&t, argc, argv);
    mx_test_reset_env();
    if (!t.clean) {
        XrInstance plain;
        MX_REQUIRE_RESULT(&t, mx_test_create_instance(NULL, &plain), XR_SUCCESS);
        MX_CHECK(&t, !ext_served(plain, "xrGetControllerModelKeyMSFT"));
        xrDestroyInstance(plain);
    }
    test_touch(&t);
    test_simple(&t);
    return mx_test_finish(&t, "ext_controller_model");
}
