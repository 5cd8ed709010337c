<?php
// What the OpenMeetings Moodle plugin (openmeetings-moodle-plugin, api/OmGateway.php and
// api/OmRestService.php at its 9.0.0 login fix, cd87b83) puts on the wire, re-written for
// om-soap's tests (tests/foreign/test_foreign_php.py) with PHP's curl extension:
//  - login: POST <ctx>/services/user/login? with CURLOPT_POSTFIELDS set to a PHP array
//    (user, pass), which curl sends as multipart/form-data;
//  - room creation: POST <ctx>/services/room/?&sid=<SID> with a PHP array holding one field,
//    room = the room as JSON (lib.php get_room: these keys and kinds of values).
// Same user agent and Accept-Encoding handling as the plugin. Prints, per request:
//   <STEP> <http status> <response body on one line>
// Usage: php moodle_rest.php <ctx-url> <user> <password> <step>...   (steps: login, room)
if ($argc < 5) {
    fwrite(STDERR, "usage: php moodle_rest.php <ctx-url> <user> <password> login [room]\n");
    exit(2);
}
$base = rtrim($argv[1], '/');

function om_post($url, $fields) {
    $curl = curl_init($url);
    curl_setopt_array($curl, array(
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_HEADER => false,
        CURLOPT_ENCODING => '',
        CURLOPT_USERAGENT => 'openmeetings',
        CURLOPT_CONNECTTIMEOUT => 10,
        CURLOPT_TIMEOUT => 20,
        CURLOPT_POST => true,
        CURLOPT_POSTFIELDS => $fields,   // an array: multipart/form-data
    ));
    $body = curl_exec($curl);
    $status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
    $error = curl_error($curl);
    curl_close($curl);
    if ($body === false) {
        return array(0, 'curl: ' . $error);
    }
    return array($status, str_replace(array("\r", "\n"), ' ', $body));
}

$sid = null;
foreach (array_slice($argv, 4) as $step) {
    if ($step === 'login') {
        list($status, $body) = om_post($base . '/services/user/login?',
                                       array('user' => $argv[2], 'pass' => $argv[3]));
        $decoded = json_decode($body, true);
        if (isset($decoded['serviceResult']['type']) && $decoded['serviceResult']['type'] === 'SUCCESS') {
            $sid = $decoded['serviceResult']['message'];
        }
    } elseif ($step === 'room') {
        $room = array(
            'id' => null,
            'name' => 'Course 101 Weekly meeting',
            'comment' => 'Created by SOAP-Gateway',
            'type' => 'CONFERENCE',
            'capacity' => 25,
            'isPublic' => false,
            'appointment' => false,
            'moderated' => true,
            'audioOnly' => false,
            'allowUserQuestions' => true,
            'allowRecording' => true,
            'chatHidden' => false,
            'externalId' => 7,
            'files' => array(),
            'externalType' => 'moodle',
        );
        list($status, $body) = om_post($base . '/services/room/?&sid=' . $sid,
                                       array('room' => json_encode($room)));
    } else {
        fwrite(STDERR, "unknown step $step\n");
        exit(2);
    }
    echo strtoupper($step), ' ', $status, ' ', $body, "\n";
}
